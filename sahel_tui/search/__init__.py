"""Typo-tolerant search as you type: normalisation, query language, vocabulary expansion, inverted index."""
