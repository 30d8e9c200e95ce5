"""Chart geometry for the programme overview, drawn by the template as inline SVG.

Pure arithmetic on the programme's own numbers: each bar carries its value (the template writes
it into a data-value attribute and a visible label), so a test can compare the picture with the
programme.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH = 400.0
HEIGHT = 190.0
LEFT, RIGHT, TOP, BOTTOM = 30.0, 6.0, 10.0, 28.0
DIGIT = 6.6  # about how wide a digit or separator of the 11-12 px labels is, in chart units
PHASE_CLASS = {"off_season": "ph-gp", "base": "ph-base", "build": "ph-build",
               "race_specific": "ph-race", "taper": "ph-taper"}


@dataclass(frozen=True, slots=True)
class Bar:
    week: int
    value: float | None
    x: float
    y: float
    width: float
    height: float
    deload: bool
    phase: str
    label_x: float
    show_week: bool


@dataclass(frozen=True, slots=True)
class Band:
    phase: str
    css: str
    x: float
    width: float
    first_week: int
    last_week: int


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    value: float


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    bars: list[Bar]
    bands: list[Band]
    ticks: list[Tick]
    race_x: float | None
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    base_y: float = HEIGHT - BOTTOM
    show_values: bool = True

    @property
    def has_values(self) -> bool:
        return any(b.value is not None for b in self.bars)


def nice_ceiling(value: float) -> float:
    """The next round number at or above value: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if value <= step * power)


def label_chars(value: float) -> int:
    """Roughly how many characters a number takes as a label (with a thousands separator)."""
    return len(f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}")


def race_offset(week_starts: Sequence[str], race_date: str | None) -> float | None:
    """Where the race falls, in weeks from the first Monday (0.5 = the middle of week 1)."""
    if race_date is None or not week_starts:
        return None
    start = date.fromisoformat(week_starts[0])
    days = (date.fromisoformat(race_date) - start).days
    if days < 0 or days >= 7 * len(week_starts):
        return None
    return (days + 0.5) / 7


def bar_chart(key: str, weeks: Sequence[Mapping[str, Any]], values: Sequence[float | None],
              phases: Sequence[Mapping[str, Any]], race_weeks: float | None,
              top: float | None = None) -> Chart:
    """One bar a week; phases as background bands; the race as a marker line."""
    count = max(len(weeks), 1)
    base = HEIGHT - BOTTOM
    span = base - TOP
    ceiling = top if top is not None else nice_ceiling(max((v for v in values if v), default=1))
    ticks = [Tick(y=round(base - span * f, 2), value=round(ceiling * f, 2))
             for f in (0.0, 0.5, 1.0)]
    # Room on the left for the widest tick label (1,000 needs more than 25).
    left = max(LEFT, 6 + DIGIT * max(label_chars(t.value) for t in ticks))
    slot = (WIDTH - left - RIGHT) / count
    # A value over each bar only while the labels do not run into each other.
    widest = max((label_chars(v) for v in values if v is not None), default=0)
    show_values = count <= 16 and widest * DIGIT + 2 <= slot
    every = 1 if count <= 12 else 2 if count <= 24 else 4
    bars = []
    for i, (week, value) in enumerate(zip(weeks, values, strict=True)):
        height = 0.0 if value is None else span * min(value, ceiling) / ceiling
        x = left + i * slot + slot * 0.15
        bars.append(Bar(week=int(week["week"]), value=value, x=round(x, 2),
                        y=round(base - height, 2), width=round(slot * 0.7, 2),
                        height=round(height, 2), deload=bool(week.get("deload")),
                        phase=str(week.get("phase", "")),
                        label_x=round(left + (i + 0.5) * slot, 2),
                        show_week=i % every == 0 or i == count - 1))
    bands = [Band(phase=p["phase"], css=PHASE_CLASS.get(p["phase"], "ph-base"),
                  x=round(left + (p["first_week"] - 1) * slot, 2),
                  width=round((p["last_week"] - p["first_week"] + 1) * slot, 2),
                  first_week=p["first_week"], last_week=p["last_week"]) for p in phases]
    race_x = None if race_weeks is None else round(left + race_weeks * slot, 2)
    return Chart(key=key, bars=bars, bands=bands, ticks=ticks, race_x=race_x,
                 left=round(left, 2), show_values=show_values)
