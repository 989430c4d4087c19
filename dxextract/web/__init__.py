"""Web sources: polite fetching (fetch), raw pages kept in WARC (warc), HTML -> Article (html)."""
