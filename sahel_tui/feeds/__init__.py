"""Subscriptions: feeds stored beside the library, fetched in parallel, their entries kept as articles.
Core code: no Textual."""
