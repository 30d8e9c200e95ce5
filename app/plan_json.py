"""A week plan as API data (`plan_to_dict`) and as JSON bytes (`plan_json`).

`plan_json` is the hot path of `POST /v1/plans/generate`. Most of a plan's bytes are its
prescriptions, and runners' weeks share most prescriptions, so each prescription is turned into
JSON once per language and a plan's bytes are its small top level and session shells with those
pieces put in place. The result is byte for byte
`to_json(localise_plan(tr, plan_to_dict(plan, runs, voice)))` (the tests check this).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic_core import to_json

from app.core.cache import IdentityLRU
from app.engine import load as ld
from app.engine import types as t
from app.engine.explain import ENGLISH, Voice, msg
from app.i18n import Translator, translator
from app.i18n.content import exercise_name, localise_plan
from app.i18n.messages import engine_voice

MONOTONY_HIGH = 2.0  # Foster: above 2, a week's load is too uniform


def rx_dict(rx: t.Prescription) -> dict[str, Any]:
    tg, load = rx.target, rx.load
    return {
        "slug": rx.slug,
        "name": rx.name,
        "category": rx.category.value,
        "sets": rx.sets,
        "target": {"unit": tg.unit.value, "min": tg.min, "max": tg.max, "per_side": tg.per_side},
        "rest_seconds": rx.rest_seconds,
        "tempo": rx.tempo,
        "load": {
            "kind": load.kind.value,
            "reps_in_reserve": load.reps_in_reserve,
            "rpe": load.rpe,
            "percent_1rm": load.percent_1rm,
            "advice": load.advice,
            "suggested": None if load.suggested is None else suggested_dict(load.suggested),
        },
        "purpose": rx.purpose,
        "harder_variation": rx.harder_variation,
        "progression": None,
    }


def suggested_dict(got: t.SuggestedLoad) -> dict[str, Any]:
    """A suggested load and the log it came from: in words (`from`) and by its parts."""
    return {"value": got.value, "unit": got.unit.value, "e1rm": got.e1rm, "from": got.source,
            "week": got.week or None, "session_id": got.session_id or None,
            "day": None if got.day is None else got.day.value, "logged_on": iso(got.on),
            "log_id": got.log_id or None}


def iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def session_load_dict(session: t.Session) -> dict[str, Any]:
    sl = ld.session_load(session)
    return {"session_rpe": sl.session_rpe, "minutes": sl.minutes, "load": sl.load}


def session_dict(s: t.Session) -> dict[str, Any]:
    d = session_dict_shell(s)
    for key in ("warmup", "exercises", "cooldown"):
        d[key] = [rx_dict(x) for x in getattr(s, key)]
    return d


def session_dict_shell(s: t.Session) -> dict[str, Any]:
    """A session's dict with its three prescription lists left empty."""
    return {
        "id": s.id,
        "day": s.day.value,
        "date": iso(s.date),
        "intensity": s.intensity.label,
        "focus": s.focus.value,
        "timing": s.timing.value,
        "estimated_minutes": s.estimated_minutes,
        "warmup": [],
        "exercises": [],
        "cooldown": [],
        "rationale": list(s.rationale),
        "rules": list(s.rules),
        "training_load": session_load_dict(s),
    }


def week_load_dict(plan: t.WeekPlan, runs: Sequence[t.Run],
                   session_loads: Sequence[int] | None = None) -> dict[str, Any]:
    week, strength, running = ld.plan_week_load(plan, runs, session_loads)
    return {"total": week.total, "per_day": list(week.per_day), "strength": strength,
            "running": running, "monotony": week.monotony, "strain": week.strain}


def monotony_note(week: dict[str, Any], voice: Voice = ENGLISH) -> str | None:
    """A sentence for the plan's notes when running and strength together make a monotonous
    week (only meaningful when the runs carry their own load)."""
    mono = week["monotony"]
    if week["running"] == 0 or mono is None or mono < MONOTONY_HIGH:
        return None
    return voice.render(msg("plan.monotony", monotony=f"{mono:.1f}"))


def _top(plan: t.WeekPlan, runs: Sequence[t.Run], voice: Voice,
         sessions: list[Any], session_loads: Sequence[int] | None) -> dict[str, Any]:
    week_load = week_load_dict(plan, runs, session_loads)
    note = monotony_note(week_load, voice)
    return {
        "engine_version": plan.engine_version,
        "phase": plan.phase.value,
        "week": [
            {"day": d.day.value, "date": iso(d.date),
             "runs": [{"kind": k.value} for k in d.runs], "session_id": d.session_id}
            for d in plan.week
        ],
        "sessions": sessions,
        "warnings": [{"code": w.code, "message": w.message} for w in plan.warnings],
        "rationale": list(plan.rationale),
        "notes": [*plan.notes, *([note] if note else [])],
        "after_run_core_block": [rx_dict(x) for x in plan.after_run_core_block],
        "rules": list(plan.rules),
        "training_load": week_load,
    }


def plan_to_dict(plan: t.WeekPlan, runs: Sequence[t.Run] = (),
                 voice: Voice = ENGLISH) -> dict[str, Any]:
    """The WeekPlan as JSON-ready data, in the shape of WeekPlanOut (checked by the tests).

    `runs` are the profile's runs: those with minutes and rpe join the week's training load.
    `voice` words the one sentence added here (the monotony note)."""
    return _top(plan, runs, voice, [session_dict(s) for s in plan.sessions], None)


# ----------------------------------------------------------------------------- JSON bytes

# A prescription's JSON by (prescription, language). Weeks share most prescriptions (the same
# drills, the same dosed exercise), so a few thousand entries serve every runner; sessions
# themselves are many more and are assembled from these per request.
_RX_JSON: dict[tuple[t.Prescription, str], bytes] = {}
_RX_JSON_MAX = 8192
_LISTS = ("warmup", "exercises", "cooldown")


def rx_json(rx: t.Prescription, tr: Translator) -> bytes:
    key = (rx, tr.lang)
    hit = _RX_JSON.get(key)
    if hit is None:
        d = rx_dict(rx)
        if tr.lang != "en":
            d["name"] = exercise_name(tr, rx.slug, rx.name)
        hit = to_json(d)
        if len(_RX_JSON) >= _RX_JSON_MAX:
            _RX_JSON.clear()  # rare (the catalogue bounds what exists); simplest fair bound
        _RX_JSON[key] = hit
    return hit


def _fill(doc: bytes, lists: Sequence[tuple[str, Sequence[Sequence[bytes]]]]) -> list[bytes]:
    """doc as pieces that join into doc with each of its empty lists `"key":[]` (in document
    order) filled with items, each item given as the pieces of its JSON. Each key occurs once
    at its level, and an escaped JSON string can never hold `"key":[` unescaped, so every split
    is exact. The items' pieces are referenced, not copied."""
    out: list[bytes] = []
    for key, items in lists:
        opening = b'"' + key.encode() + b'":['
        head, doc = doc.split(opening + b"]", 1)
        out += (head, opening)
        for i, item in enumerate(items):
            if i:
                out.append(b",")
            out.extend(item)
        out.append(b"]")
    out.append(doc)
    return out


# A session's JSON as pieces (its shell, and references to its prescriptions' shared bytes),
# and its planned load, by the Session object's identity: the engine's session memo hands the
# same object to every runner whose week holds that session.
_SESSION_JSON: IdentityLRU[tuple[tuple[bytes, ...], int]] = IdentityLRU(max_entries=8192)


def session_json(s: t.Session, tr: Translator) -> tuple[tuple[bytes, ...], int]:
    """One session's JSON in tr's language (pieces to join), and its planned load."""
    hit = _SESSION_JSON.get(s, tr.lang)
    if hit is None:
        d = session_dict_shell(s)
        lists = [(key, [(rx_json(rx, tr),) for rx in getattr(s, key)]) for key in _LISTS]
        hit = (tuple(_fill(to_json(d), lists)), d["training_load"]["load"])
        _SESSION_JSON.put(s, hit, tr.lang)
    return hit


def plan_json(plan: t.WeekPlan, runs: Sequence[t.Run] = (), lang: str = "en") -> bytes:
    """`plan_to_dict` in `lang` (exercise names and the monotony note) as JSON bytes."""
    tr = translator(lang)
    parts = [session_json(s, tr) for s in plan.sessions]
    top = _top(plan, runs, engine_voice(tr.lang), [], [load for _, load in parts])
    localise_plan(tr, top)
    top["after_run_core_block"] = []
    return b"".join(_fill(to_json(top), [
        ("sessions", [pieces for pieces, _ in parts]),
        ("after_run_core_block", [(rx_json(rx, tr),) for rx in plan.after_run_core_block]),
    ]))
