"""The Textual reader: widgets turn core results into screens and keys into core calls."""
