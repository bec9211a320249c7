"""Reading what other programs wrote: web pages, languages, dates. Core code: no Textual, no network."""
