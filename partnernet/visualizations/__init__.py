"""Adapters from partnership graphs and analysis results to pictures and files.

- `network`: interactive offline HTML views (province, region, ego, issue, national overview),
  or static A4 figures of them (`.png`/`.svg`/`.pdf` paths);
- `geo`: the province choropleth (HTML or figure) and per-province metrics;
- `static`: matplotlib figures with a Thai font that renders;
- `export`: GEXF, GraphML, Gephi CSV, XLSX, node-link JSON and Popolo JSON (and readers);
- `bundle`: a folder of linked views (what `partnernet demo` writes).

Nothing here writes anywhere but the path it is given, or changes the graph it is given.
Heavy dependencies (matplotlib, openpyxl, pyvis) are imported only by the functions that
need them.
"""
