"""Publish: what leaves the build besides the pages: open data and feeds, the report pages that
list them, the search index, the Content-Security-Policy, the link check and the release.
Builds on `data` and `site`; never imports the adapter."""
