"""Saved documents in the runner's language, on read.

A saved plan or programme is stored as the API returned it then: in English. Its names are
translated from the catalogue (app.i18n.content). Its sentences (rationale, warnings, notes,
purposes, load advice) are translated by pairing: the stored profile is planned again in English
and in the asked language (the engine is deterministic, so the two plans differ only in their
words), and every stored sentence found among the English ones is replaced by its counterpart.
A sentence the fresh plan does not say (a plan saved by an older engine version, an exercise
swapped since) stays English. Programmes work the same way: the saved request is generated again
in English and in the asked language with the programme's logs, and each stored sentence
(rationale, adaptation, progression notes, load advice, the log a suggested load came from)
found among the English ones is replaced; with the logs, the sentences only logs produce (a
week's adaptation, a step back after pain, a suggested load and the log it came from) pair like
the others.
"""

from __future__ import annotations

import copy
import inspect
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from app.engine.errors import EngineError
from app.engine.planner import generate_week
from app.engine.programme import SessionFeedback, generate_programme
from app.i18n import SOURCE, translator
from app.i18n.content import localise_plan, localise_programme
from app.i18n.messages import engine_voice
from app.schemas import ProgrammeRequest, RunnerProfileIn, plan_to_dict, programme_to_dict

# The keys whose string values are engine sentences (names are translated by slug instead).
SENTENCE_KEYS = frozenset({"rationale", "notes", "message", "advice", "purpose", "note",
                           "adaptation", "source", "from"})
EXPORT_CONTEXT = "export"


def sentences(node: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every engine sentence in a plan dict, in document order."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from sentences(v, f"{path}/{k}", k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from sentences(v, f"{path}/{i}", key)
    elif isinstance(node, str) and key in SENTENCE_KEYS:
        yield path, node


def _replace(node: Any, mapping: Mapping[str, str], key: str = "") -> Any:
    if isinstance(node, dict):
        return {k: _replace(v, mapping, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v, mapping, key) for v in node]
    if isinstance(node, str) and key in SENTENCE_KEYS:
        return mapping.get(node, node)
    return node


@lru_cache(maxsize=256)
def _sentence_map(profile_json: str, lang: str) -> Mapping[str, str]:
    try:
        profile = RunnerProfileIn.model_validate_json(profile_json).to_engine()
        english = plan_to_dict(generate_week(profile), profile.runs)
        voice = engine_voice(lang)
        local = plan_to_dict(generate_week(profile, voice=voice), profile.runs, voice)
    except (ValidationError, EngineError, ValueError):
        return {}  # a profile this version no longer accepts: names only
    pairs = dict(sentences(local))
    return {text: pairs[path] for path, text in sentences(english) if path in pairs}


def localise_saved_plan(lang: str, plan: Mapping[str, Any],
                        profile: Mapping[str, Any] | None) -> dict[str, Any]:
    """A copy of a stored week plan in `lang` (the stored document itself is not changed)."""
    out: dict[str, Any] = copy.deepcopy(dict(plan))
    tr = translator(lang)
    if tr.lang == SOURCE:
        return out
    if profile is not None:
        mapping = _sentence_map(json.dumps(profile, sort_keys=True), tr.lang)
        out = _replace(out, mapping)
    return localise_plan(tr, out)


Logged = tuple[tuple[int, tuple[SessionFeedback, ...]], ...]  # by week, hashable


@lru_cache(maxsize=64)
def _programme_sentence_map(request_json: str, logged: Logged, lang: str) -> Mapping[str, str]:
    try:
        args = ProgrammeRequest.model_validate_json(request_json).engine_args()
        runs = args["profile"].runs
        feedback = dict(logged)
        english = programme_to_dict(generate_programme(**args, feedback=feedback), runs)
        local = programme_to_dict(generate_programme(**args, feedback=feedback,
                                                     **programme_voice_args(lang)), runs,
                                  engine_voice(lang))
    except (ValidationError, EngineError, ValueError):
        return {}  # a request this version no longer accepts: names only
    pairs = dict(sentences(local))
    return {text: pairs[path] for path, text in sentences(english) if path in pairs}


def localise_saved_programme(
    lang: str, doc: Mapping[str, Any], profile: Mapping[str, Any] | None = None,
    feedback: Callable[[], Mapping[int, Sequence[SessionFeedback]]] | None = None,
) -> dict[str, Any]:
    """A copy of a stored programme in `lang`: exercise names, and its sentences when the saved
    request (`profile["request"]`) is given (the stored document itself is not changed).
    `feedback` gives what was logged for it (read only for another language than English):
    the programme is paired as it was generated, logs and all, so the sentences the logs
    produced (a week's adaptation, a suggested load and the log it came from) follow too."""
    out: dict[str, Any] = copy.deepcopy(dict(doc))
    tr = translator(lang)
    if tr.lang == SOURCE:
        return out
    request = (profile or {}).get("request")
    if isinstance(request, Mapping):
        logged = () if feedback is None else tuple(
            (week, tuple(logs)) for week, logs in sorted(feedback().items()))
        mapping = _programme_sentence_map(json.dumps(request, sort_keys=True), logged, tr.lang)
        out = _replace(out, mapping)
    return localise_programme(tr, out)


def export_words(lang: str) -> Callable[[str], str]:
    """The calendar's and FIT files' own words (context "export") in `lang`."""
    tr = translator(lang)
    return lambda text: tr.pgettext(EXPORT_CONTEXT, text)


def programme_voice_args(lang: str) -> dict[str, Any]:
    """The `voice=` argument for generate_programme in `lang`: its rationale, warnings, weekly
    adaptation, progression notes and week plans then follow the language. (Empty for an engine
    whose programme stage takes no voice: its sentences stay English, names still translate.)"""
    if "voice" in inspect.signature(generate_programme).parameters:
        return {"voice": engine_voice(lang)}
    return {}
