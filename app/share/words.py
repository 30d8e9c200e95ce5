"""Every word the share pages print, through one gettext hook.

`translator(lang)` is the single place a language is chosen: the project's gettext catalogues
(app.i18n), with every page word under the msgctxt "share" (extracted from the templates and
this package by `python -m app.i18n extract`). Templates and helpers only ever see its
`gettext` (as `_`) and `ngettext`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from app import i18n

LANGUAGES = i18n.LANGUAGES
CONTEXT = "share"

Gettext = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class PageWords:
    """gettext and ngettext for the share pages in one language."""

    lang: str
    tr: i18n.Translator

    def gettext(self, message: str) -> str:
        return self.tr.pgettext(CONTEXT, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.tr.npgettext(CONTEXT, singular, plural, n)


@cache
def translator(lang: str) -> PageWords:
    """The page words for a share's language (English for an unknown code)."""
    tr = i18n.translator(lang)
    return PageWords(tr.lang, tr)


def page_language(translations: PageWords, lang: str) -> str:
    """The language the page is really written in (the `lang` attribute screen readers use):
    the requested one when its catalogue is loaded, English otherwise."""
    return lang if translations.lang == lang else "en"


def day_names(_: Gettext) -> dict[str, str]:
    return {"mon": _("Monday"), "tue": _("Tuesday"), "wed": _("Wednesday"),
            "thu": _("Thursday"), "fri": _("Friday"), "sat": _("Saturday"),
            "sun": _("Sunday")}


def run_names(_: Gettext) -> dict[str, str]:
    return {"easy": _("Easy run"), "quality": _("Quality run"), "long": _("Long run"),
            "race": _("Race")}


def phase_names(_: Gettext) -> dict[str, str]:
    return {"off_season": _("General preparation"), "base": _("Base"), "build": _("Build"),
            "race_specific": _("Race-specific"), "taper": _("Taper")}


def intensity_names(_: Gettext) -> dict[str, str]:
    return {"heavy": _("Heavy"), "moderate": _("Moderate"), "light": _("Light")}


def focus_names(_: Gettext) -> dict[str, str]:
    return {"lower_body_strength": _("Lower-body strength"),
            "full_body_strength": _("Full-body strength"),
            "single_leg_and_core": _("Single-leg and core"),
            "core_and_upper_body": _("Core and upper body"),
            "activation_and_mobility": _("Activation and mobility")}


def timing_names(_: Gettext) -> dict[str, str]:
    return {"standalone": _("On its own"), "after_run": _("After the run")}


def _span(low: int, high: int) -> str:
    # word joiners keep "8-12" on one line
    return str(low) if low == high else f"{low}\u2060\u2013\u2060{high}"


def target_text(target: Mapping[str, Any], translations: PageWords) -> str:
    """"8-12 reps each side", "20-30 s", "15-20 m": the exercise's own unit."""
    _, n_ = translations.gettext, translations.ngettext
    span = _span(int(target["min"]), int(target["max"]))
    unit = target["unit"]
    if unit == "seconds":
        text = _("%(span)s s") % {"span": span}
    elif unit == "meters":
        text = _("%(span)s m") % {"span": span}
    else:
        text = n_("%(span)s rep", "%(span)s reps", int(target["max"])) % {"span": span}
    return _("%(dose)s each side") % {"dose": text} if target.get("per_side") else text


def effort_text(load: Mapping[str, Any], _: Gettext) -> str:
    """RPE, reps in reserve and %1RM as the plan states them; a dash when it states none."""
    parts = []
    if load.get("rpe") is not None:
        parts.append(_("RPE %(rpe)s") % {"rpe": load["rpe"]})
    if load.get("reps_in_reserve") is not None:
        parts.append(_("%(rir)s in reserve") % {"rir": load["reps_in_reserve"]})
    if load.get("percent_1rm") is not None:
        parts.append(_("about %(pct)s%% of 1RM") % {"pct": load["percent_1rm"]})
    return ", ".join(parts) or "\u2013"


def rest_text(seconds: int, _: Gettext) -> str:
    if seconds >= 120 and seconds % 60 == 0:
        return _("%(min)s min") % {"min": seconds // 60}
    return _("%(sec)s s") % {"sec": seconds}
