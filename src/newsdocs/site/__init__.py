"""The news site around the articles: listings, feeds, sitemaps."""
