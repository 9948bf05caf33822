"""partnernet's HTTP API and web pages (FastAPI): `partnernet.api.app.create_app` and
`partnernet.api.app.serve`; keys in `partnernet.api.auth`; settings in
`partnernet.api.settings`."""
