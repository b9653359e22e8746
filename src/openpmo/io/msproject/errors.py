"""The one error a bad MSPDI file raises."""

from __future__ import annotations

__all__ = ["MsProjectError"]


class MsProjectError(ValueError):
    """An MSPDI file that cannot be read, or a project that cannot be written.

    Parameters
    ----------
    path : str
        The file (``"<string>"`` when reading text).
    line : int or None
        1-based line of the offending element, where known.
    element : str or None
        The offending element's name, e.g. ``"Duration"``.
    reason : str
        What is wrong, in words a project manager can act on.
    """

    def __init__(self, path: str, line: int | None, element: str | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.element = element
        self.reason = reason
        where = path if line is None else f"{path}, line {line}"
        what = f"<{element}>: " if element else ""
        super().__init__(f"{where}: {what}{reason}")
