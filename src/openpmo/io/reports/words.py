"""Labels and number formats in the report's language (``en`` or ``zh-CN``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpmo.i18n import normalise, translate
from openpmo.io.reports.content import Label, Message

__all__ = ["Words"]

#: Report timestamps are shown in China Standard Time, the organisation's clock.
_LOCAL = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Words:
    """Translate keys and format values for one language."""

    language: str

    @classmethod
    def of(cls, language: str) -> Words:
        return cls(normalise(language))

    @property
    def zh(self) -> bool:
        return self.language == "zh-CN"

    def __call__(self, key: str, **params: Any) -> str:
        return translate(key, self.language, **params)

    def message(self, message: Message) -> str:
        return message.text(self.language)

    def reasons(self, messages: tuple[Message, ...]) -> str:
        return self("health.reason.separator").join(self.message(m) for m in messages)

    def label(self, value: Label | None) -> str:
        return value.get(self.language) if value is not None else "—"

    def name(self, name: str, name_zh: str | None) -> str:
        return (name_zh or name) if self.zh else name

    def colour(self, colour: str) -> str:
        return self(f"health.colour.{colour}").capitalize()

    def dimension(self, name: str) -> str:
        return self(f"health.dimension.{name}").capitalize()

    def concerns(self, messages: tuple[Message, ...]) -> str:
        """The reasons that are not "within target" (what made a colour amber or red)."""
        kept = tuple(m for m in messages if not m.key.endswith("_ok"))
        return self.reasons(kept) if kept else self("report.all_within")

    def enum(self, kind: str, value: str) -> str:
        return self(f"web.enum.{kind}.{value}")

    @staticmethod
    def day(value: date | None) -> str:
        return value.isoformat() if value is not None else "—"

    @staticmethod
    def moment(value: datetime | None) -> str:
        if value is None:
            return "—"
        return value.astimezone(_LOCAL).strftime("%Y-%m-%d %H:%M")

    def period(self, start: date, end: date) -> str:
        return f"{start.isoformat()} – {end.isoformat()}"

    @staticmethod
    def number(value: float | None, places: int = 0) -> str:
        if value is None:
            return "—"
        return f"{value:,.{places}f}"

    def money(self, value: float | None, currency: str | None = None) -> str:
        text = self.number(value, 2)
        return f"{text} {currency}" if currency and value is not None else text

    @staticmethod
    def ratio(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    @staticmethod
    def percent(value: float | None, places: int = 1) -> str:
        """``value`` is a fraction (0.25 → 25 %)."""
        return "—" if value is None else f"{value * 100:.{places}f}%"

    def yes_no(self, value: bool) -> str:
        return self("report.yes" if value else "report.no")
