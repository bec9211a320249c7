"""The one exception long work raises when it was asked to stop before it finished.

Why a module of its own: the library's, the index's and the entity figures' long loops all stop the same way (the
reader quitting, or a newer job making theirs moot), and none of them should import the worker pool to say so.
"""

from __future__ import annotations


class Stopped(Exception):
    """The job was stopped before it answered (the reader is closing, or a newer job made it moot)."""
