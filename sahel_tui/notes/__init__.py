"""The user's own work: bookmarks, passage annotations and reading state, stored so that none is ever lost."""
