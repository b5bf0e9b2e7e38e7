"""Numbers as people read them: `3.511.890` and `88,31` in Indonesian, `3,511,890` and
`88.31` in English. Downloads keep machine numbers; pages use these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

_INDONESIAN = str.maketrans(",.", ".,")


@dataclass(frozen=True)
class Numbers:
    lang: str

    def num(self, value: float | Decimal | None, places: int = 0) -> str:
        """A number with `places` decimals and grouped thousands; `–` for none."""
        if value is None:
            return "–"
        text = f"{value:,.{places}f}"
        return text.translate(_INDONESIAN) if self.lang == "id" else text

    def percent(self, share: float | None) -> str:
        """A share (0..1) as a percentage with one decimal: `66,7 %`."""
        return "–" if share is None else f"{self.num(share * 100, 1)} %"
