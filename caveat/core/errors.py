"""Errors that carry a message meant for the editor, not a stack trace."""


class CaveatError(Exception):
    """Base of the errors Caveat explains to the user in one clear line."""


class InputError(CaveatError):
    """The article, paper or abstract the user gave cannot be used (empty, binary, unreadable, invalid)."""
