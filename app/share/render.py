"""The share pages as HTML, from the stored plan or programme document (the JSON the API
returns); the engine is never run again here. Jinja2 with autoescaping on: every plan string is
escaped, and every word of our own goes through the `_` of `words.translator`."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from app.share import charts, words

STYLE = resources.files("app.share").joinpath("templates/share.css").read_text().strip()
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("app.share", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _date_text(_: words.Gettext) -> Callable[[str], str]:
    months = [_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"),
              _("Sep"), _("Oct"), _("Nov"), _("Dec")]

    def fmt(iso: str) -> str:
        d = date.fromisoformat(iso)
        text = _("%(day)s %(month)s %(year)s") % {"day": d.day, "month": months[d.month - 1],
                                                  "year": d.year}
        return text.replace(" ", "\u00a0")  # a date never breaks across lines
    return fmt


def _common(lang: str) -> dict[str, Any]:
    translations = words.translator(lang)
    _ = translations.gettext
    return {
        "_": _, "ngettext": translations.ngettext,
        "page_lang": words.page_language(translations, lang), "style": STYLE,
        "days": words.day_names(_), "runs": words.run_names(_),
        "phases": words.phase_names(_), "intensity": words.intensity_names(_),
        "focus": words.focus_names(_), "timing": words.timing_names(_),
        "date": _date_text(_), "num": number,
        "target": lambda t: words.target_text(t, translations),
        "effort": lambda load: words.effort_text(load, _),
        "rest": lambda sec: words.rest_text(sec, _),
        "sessions_by_id": lambda plan: {s["id"]: s for s in plan["sessions"]},
    }


def top_effort(week_plan: Mapping[str, Any]) -> int | None:
    """The highest target RPE of any working set in the week (warm-ups and cool-downs aside)."""
    rpes = [ex["load"]["rpe"] for s in week_plan["sessions"] for ex in s["exercises"]
            if ex["load"].get("rpe") is not None]
    return max(rpes) if rpes else None


def planned_load(summary_week: Mapping[str, Any]) -> float | None:
    """The week's planned training load from the programme summary (`planned_load`). None for a
    week without one: programmes saved before the summary carried it, or a week with no load."""
    value = summary_week.get("planned_load")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def render_plan(plan: Mapping[str, Any], *, title: str | None, lang: str,
                expires_on: date | None) -> str:
    ctx = _common(lang)
    _ = ctx["_"]
    return _environment().get_template("plan.html").render(
        **ctx, plan=plan, title=title or _("A week of strength training"),
        expires_on=None if expires_on is None else ctx["date"](expires_on.isoformat()))


def _short_phase(_: words.Gettext) -> Callable[[str, float], str]:
    names = words.phase_names(_)
    short = {"off_season": _("Prep"), "base": _("Base"), "build": _("Build"),
             "race_specific": _("Race"), "taper": _("Taper")}

    def pick(phase: str, width: float) -> str:
        full, brief = names.get(phase, phase), short.get(phase, phase)
        # about 6.5 units per character at 11 px bold
        if len(full) * 6.5 + 8 <= width:
            return full
        return brief if len(brief) * 6.5 + 8 <= width else ""
    return pick


def programme_view(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The overview's numbers, week by week, and the charts drawn from them."""
    summary = doc["summary"]
    weeks = doc["weeks"]
    plans = {w["number"]: w["plan"] for w in weeks}
    rows = [{"week": s["week"], "phase": s["phase"], "deload": s["deload"],
             "sessions": s["sessions"], "sets": s["sets"],
             "top": top_effort(plans[s["week"]]) if s["week"] in plans else None,
             "load": planned_load(s)} for s in summary["weeks"]]
    race = charts.race_offset([w["week_start"] for w in weeks], doc.get("race_date"))
    phases = summary["phases"]

    def chart(key: str, values: list[float | None], top: float | None = None) -> charts.Chart:
        return charts.bar_chart(key, summary["weeks"], values, phases, race, top)

    built = {
        "timeline": chart("timeline", [1.0] * len(rows), 1.0),
        "sets": chart("sets", [float(r["sets"]) for r in rows]),
        "effort": chart("effort", [None if r["top"] is None else float(r["top"]) for r in rows],
                        10.0),
        "load": None,
    }
    if any(r["load"] is not None for r in rows):
        built["load"] = chart("load", [r["load"] for r in rows])
    return {"rows": rows, "charts": built}


def render_programme(doc: Mapping[str, Any], *, title: str | None, lang: str,
                     expires_on: date | None) -> str:
    ctx = _common(lang)
    _ = ctx["_"]
    view = programme_view(doc)
    names = ctx["phases"]
    phase_desc = "; ".join(
        _("weeks %(first)s-%(last)s: %(phase)s") % {"first": p["first_week"],
                                                     "last": p["last_week"],
                                                     "phase": names.get(p["phase"], p["phase"])}
        for p in doc["summary"]["phases"])
    return _environment().get_template("programme.html").render(
        **ctx, **view, doc=doc, weeks=doc["weeks"], phase_desc=phase_desc,
        short_phase=_short_phase(_), title=title or _("Strength programme"),
        expires_on=None if expires_on is None else ctx["date"](expires_on.isoformat()))


def render_gone(*, title: str, message: str, lang: str) -> str:
    return _environment().get_template("gone.html").render(
        **_common(lang), title=title, message=message, expires_on=None)


def language(lang: str) -> str:
    """The language a page for `lang` is really written in (Content-Language)."""
    return words.page_language(words.translator(lang), lang)


def messages(lang: str) -> words.PageWords:
    """The translations the routes use for the few sentences they write themselves."""
    return words.translator(lang)
