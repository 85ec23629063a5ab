"""Documents rendered from analysis results: the inspection report, the research bulletin and
the regional diagnosis, as HTML, PDF and Excel (one result, many renderings)."""
