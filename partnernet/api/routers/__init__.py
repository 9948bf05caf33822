"""The API's routers: each parses a request, calls the service layer and shapes the answer."""
