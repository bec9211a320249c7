"""sahel-tui: an offline terminal news reader for the Sahel."""

__version__ = "0.1.0"
