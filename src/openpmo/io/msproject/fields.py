"""Typed access to an element's children, raising :class:`MsProjectError` that names them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.units import DurationFormat, parse_xsd_duration
from openpmo.io.msproject.xmltree import Node

__all__ = ["Fields"]


class Fields:
    """Reads the children of MSPDI elements of one file, naming the file in every error."""

    def __init__(self, path: str, minutes_per_day: int = 480, days_per_month: int = 20) -> None:
        self.path = path
        self.minutes_per_day = minutes_per_day
        self.days_per_month = days_per_month

    def error(self, node: Node, reason: str) -> MsProjectError:
        return MsProjectError(self.path, node.line, node.tag, reason)

    def text(self, parent: Node, tag: str) -> str | None:
        node = parent.child(tag)
        return None if node is None else node.text

    def integer(self, parent: Node, tag: str) -> int | None:
        node = parent.child(tag)
        if node is None or node.text == "":
            return None
        try:
            return int(node.text)
        except ValueError:
            raise self.error(node, f"{node.text!r} is not a whole number") from None

    def required_int(self, parent: Node, tag: str) -> int:
        value = self.integer(parent, tag)
        if value is None:
            raise self.error(parent, f"<{tag}> is missing")
        return value

    def uid_ref(self, parent: Node, tag: str) -> int | None:
        """A reference to a UID; Microsoft Project writes -1 for "none"."""
        value = self.integer(parent, tag)
        return None if value is None or value == -1 else value

    def number(self, parent: Node, tag: str) -> float | None:
        node = parent.child(tag)
        if node is None or node.text == "":
            return None
        try:
            return float(node.text)
        except ValueError:
            raise self.error(node, f"{node.text!r} is not a number") from None

    def decimal(self, parent: Node, tag: str) -> Decimal | None:
        node = parent.child(tag)
        if node is None or node.text == "":
            return None
        try:
            value = Decimal(node.text)
        except InvalidOperation:
            raise self.error(node, f"{node.text!r} is not a number") from None
        if not value.is_finite():
            raise self.error(node, f"{node.text!r} is not a finite number")
        return value

    def boolean(self, parent: Node, tag: str, default: bool = False) -> bool:
        node = parent.child(tag)
        if node is None or node.text == "":
            return default
        if node.text in ("1", "true"):
            return True
        if node.text in ("0", "false"):
            return False
        raise self.error(node, f"{node.text!r} is not a boolean (0, 1, true or false)")

    def datetime(self, parent: Node, tag: str) -> dt.datetime | None:
        node = parent.child(tag)
        if node is None or node.text == "":
            return None
        try:
            value = dt.datetime.fromisoformat(node.text)
        except ValueError:
            raise self.error(node, f"{node.text!r} is not a date and time") from None
        # Microsoft Project writes local times; an offset, if any, is dropped, not converted.
        return value.replace(tzinfo=None)

    def time(self, parent: Node, tag: str) -> dt.time | None:
        node = parent.child(tag)
        if node is None or node.text == "":
            return None
        try:
            return dt.time.fromisoformat(node.text)
        except ValueError:
            raise self.error(node, f"{node.text!r} is not a time of day (HH:MM:SS)") from None

    def format(self, parent: Node, tag: str) -> DurationFormat | None:
        node = parent.child(tag)
        code = self.integer(parent, tag)
        if node is None or code is None:
            return None
        try:
            return DurationFormat(code)
        except ValueError:
            raise self.error(node, f"{code} is not an MSPDI duration format code") from None

    def minutes(self, parent: Node, tag: str, *, elapsed: bool = False) -> int | None:
        """An ``xsd:duration`` child in whole minutes (working, or clock if ``elapsed``)."""
        node = parent.child(tag)
        if node is None or node.text == "":
            return None
        try:
            return parse_xsd_duration(
                node.text,
                elapsed=elapsed,
                minutes_per_day=self.minutes_per_day,
                days_per_month=self.days_per_month,
            )
        except ValueError as error:
            raise self.error(node, str(error)) from None

    def tenths(self, parent: Node, tag: str) -> int | None:
        """An integer in tenths of a minute (slack), rounded to whole minutes."""
        value = self.number(parent, tag)
        return None if value is None else round(value / 10)
