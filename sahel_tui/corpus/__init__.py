"""The articles: reading raw files safely, parsing scraped news into clean records, and the user's library."""
