"""CSS and scripts of the web pages (inlined into every page; no network access needed)."""
