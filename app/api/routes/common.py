"""Helpers shared by the saved-plan and saved-programme routes."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from pydantic_core import to_json
from sqlmodel import Session
from starlette.responses import Response

from app import crud, cursors
from app.api.errors import ProblemError
from app.api.lang import language_headers
from app.api.localise import export_words
from app.engine.catalogue import default_catalogue
from app.engine.loads import KG_PER_LB
from app.engine.progression import ExerciseLog, SessionFeedback
from app.engine.swaps import alternatives, swap_prescription
from app.engine.types import Experience, InjuryStatus, Level, RunnerProfile
from app.fit import MEDIA_TYPE as FIT_MEDIA_TYPE
from app.fit import session_fit, workout_name
from app.ical import build_calendar
from app.models import SavedPlan, SessionLog
from app.schemas import SessionLogIn, SwapIn, prescription_dict, prescription_from_dict

JSON = "application/json"
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found for this app."}}


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(to_json(data), status_code=status, media_type=JSON, headers=headers)


def iso_time(row_time: Any) -> str:
    return crud.aware(row_time).isoformat().replace("+00:00", "Z")


def render(row: SavedPlan) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "athlete_id": row.athlete_id,
        "name": row.name,
        "profile": row.profile,
        "plan": row.plan,
        "engine_version": row.engine_version,
        "version": row.version,
        "created_at": iso_time(row.created_at),
        "updated_at": iso_time(row.updated_at),
    }


def etag(version: int) -> str:
    return f'"{version}"'


def headers_for(body: dict[str, Any], collection: str = "plans") -> dict[str, str]:
    return {"ETag": etag(body["version"]), "Location": f"/v1/{collection}/{body['id']}"}


def parse_id(plan_id: str, what: str = "plan") -> uuid.UUID:
    try:
        return uuid.UUID(plan_id)
    except ValueError:
        raise not_found(what) from None


MAX_VERSION = 2**31 - 1  # versions are 32-bit integers in the database


def version_from(if_match: str, *, allow_star: bool = True) -> int | None:
    """The version an If-Match names; None for `*` (any current version). If-Match compares
    strongly (RFC 9110): a weak validator (W/"3") never matches, nor does anything that is not
    an ETag this service could have issued."""
    value = if_match.strip()
    if allow_star and value == "*":
        return None
    digits = value[1:-1]
    if (len(value) >= 3 and value[0] == value[-1] == '"' and digits.isascii()
            and digits.isdigit() and len(digits) <= 10 and int(digits) <= MAX_VERSION):
        return int(digits)
    raise ProblemError(412, "precondition-failed",
                       "If-Match does not match the current ETag")


def request_hash(payload: Any) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def stale() -> ProblemError:
    return ProblemError(412, "precondition-failed",
                        "it changed since that ETag; read it again and retry")


def need_if_match() -> ProblemError:
    return ProblemError(428, "precondition-required",
                        "send If-Match with the ETag you last read, so no change is lost")


def not_found(what: str = "plan") -> ProblemError:
    return ProblemError(404, "not-found", f"no {what} has that id")


# ----------------------------------------------------------------------------- logs, swaps, ics


def feedback_by_week(logs: list[SessionLog]) -> dict[int, list[SessionFeedback]]:
    """The latest log per (week, session) wins: a runner may correct what they logged."""
    latest: dict[tuple[int, str], SessionLog] = {}
    for log in logs:
        latest[(log.week, log.session_id)] = log
    out: dict[int, list[SessionFeedback]] = {}
    for (week, _), log in sorted(latest.items()):
        out.setdefault(week, []).append(SessionFeedback(
            done=log.status == "done", rpe=log.rpe, pain=log.pain, session_id=log.session_id,
            exercises=tuple(_exercise_log(e) for e in log.exercises or ()), log_id=str(log.id)))
    return out


def logged_for(session: Session, row: SavedPlan) -> Callable[[], dict[int, list[SessionFeedback]]]:
    """What was logged for a saved programme, read when asked for (localise_saved_programme
    reads it only for another language than English)."""
    return lambda: feedback_by_week(crud.list_logs(session, plan_id=row.id))


def _exercise_log(e: Mapping[str, Any]) -> ExerciseLog:
    kg = e.get("load_kg")
    if kg is None and e.get("load_lb") is not None:
        kg = e["load_lb"] * KG_PER_LB
    return ExerciseLog(slug=e["slug"], sets=e.get("sets_done", 0), reps=e.get("reps_done"),
                       load_kg=kg, rpe=e.get("rpe"), reps_in_reserve=e.get("reps_in_reserve"),
                       pain=bool(e.get("pain", False)))


def log_to_dict(row: SessionLog) -> dict[str, Any]:
    return {"id": str(row.id), "week": row.week, "session_id": row.session_id,
            "status": row.status, "rpe": row.rpe, "minutes": row.minutes, "pain": row.pain,
            "exercises": row.exercises, "created_at": iso_time(row.created_at)}


def check_log(log: SessionLogIn, week_plan: dict[str, Any], pointer: str = "") -> None:
    """The session must exist in that week, and a done session should say how hard it was."""
    ids = {s["id"] for s in week_plan["sessions"]}
    if log.session_id not in ids:
        allowed = ", ".join(sorted(ids)) or "none"
        raise ProblemError(422, "validation-error",
                           f"week {log.week} has no session {log.session_id}; it has: {allowed}",
                           errors=[{"location": "body", "pointer": f"{pointer}/session_id",
                                    "detail": f"not a session of that week; allowed: {allowed}"}])
    catalogue = default_catalogue()
    for i, ex in enumerate(log.exercises):
        if ex.slug not in catalogue.by_slug:
            raise ProblemError(422, "validation-error", "an exercise logged is not in the "
                               "catalogue (see GET /v1/exercises)",
                               errors=[{"location": "body",
                                        "pointer": f"{pointer}/exercises/{i}/slug",
                                        "detail": "not an exercise in the catalogue"}])
    if log.status == "done" and log.rpe is None:
        raise ProblemError(422, "validation-error", "a done session needs its rpe (1-10)",
                           errors=[{"location": "body", "pointer": f"{pointer}/rpe",
                                    "detail": "required when status is done"}])


def swap_in_week(week_plan: dict[str, Any], swap: SwapIn, profile: RunnerProfile) -> None:
    """Replace one exercise in one session, in place, keeping its dose. The replacement must be
    an alternative the runner may do: same category and pattern, their equipment and level,
    nothing their current pain rules out, no high-impact work for beginners."""
    catalogue = default_catalogue()
    session = next((s for s in week_plan["sessions"] if s["id"] == swap.session_id), None)
    if session is None:
        raise ProblemError(422, "validation-error", f"no session {swap.session_id} that week",
                           errors=[{"location": "body", "pointer": "/session_id",
                                    "detail": "not a session of that week"}])
    index = next((i for i, ex in enumerate(session["exercises"]) if ex["slug"] == swap.slug),
                 None)
    if index is None:
        raise ProblemError(422, "validation-error",
                           f"{swap.slug} is not in {swap.session_id} that week",
                           errors=[{"location": "body", "pointer": "/slug",
                                    "detail": "not an exercise of that session"}])
    current = frozenset(i.area for i in profile.injuries if i.status is InjuryStatus.CURRENT)
    level = Level(profile.experience.value)
    options = alternatives(catalogue, swap.slug, owned=profile.equipment, avoid=current,
                           level=level,
                           allow_high_impact=profile.experience is not Experience.BEGINNER)
    taken = {ex["slug"] for ex in session["exercises"]} - {swap.slug}
    allowed = [o.slug for o in options if o.slug not in taken]
    if swap.replacement not in allowed:
        names = ", ".join(allowed[:12]) or "none"
        raise ProblemError(422, "validation-error",
                           f"{swap.replacement} cannot replace {swap.slug} here; allowed: {names}",
                           errors=[{"location": "body", "pointer": "/replacement",
                                    "detail": f"allowed: {names}"}])
    old = session["exercises"][index]
    new = swap_prescription(prescription_from_dict(old), catalogue.get(swap.replacement))
    swapped = prescription_dict(new)
    swapped["progression"] = old.get("progression")
    swapped["purpose"] = old.get("purpose", "")
    session["exercises"][index] = swapped
    # A second swap of the same slot replaces the first one's line: "A was swapped for C".
    suffix = f" was swapped for {old['name']} at your request, keeping the same sets and rest."
    earlier = next((line for line in session["rationale"] if line.endswith(suffix)), None)
    original = old["name"] if earlier is None else earlier[:-len(suffix)]
    lines = [line for line in session["rationale"] if line is not earlier]
    if new.name != original:
        lines.append(f"{original} was swapped for {new.name} at your request, "
                     "keeping the same sets and rest.")
    session["rationale"] = lines


def with_swap(swaps: list[dict[str, Any]], swap: SwapIn) -> list[dict[str, Any]]:
    """The programme's swaps with `swap` added. Swapping an exercise that was itself swapped in
    replaces the earlier swap of that slot (A->B then B->C is kept as A->C; back to A drops it),
    so the list never grows past one swap per slot."""
    new = swap.model_dump(mode="json")
    out: list[dict[str, Any]] = []
    merged = False
    for old in swaps:
        same_slot = (old["week"], old["session_id"], old["replacement"]) == (
            new["week"], new["session_id"], new["slug"])
        if same_slot and not merged:
            merged = True
            if old["slug"] != new["replacement"]:
                out.append({**old, "replacement": new["replacement"]})
            continue
        out.append(old)
    if not merged:
        out.append(new)
    return out


def language_etag(version: int, lang: str) -> str:
    """The version's ETag; another language is another representation, so it gets its own."""
    return etag(version) if lang == "en" else f'"{version}-{lang}"'


def ics_response(*, resource_id: str, kind: str, title: str, version: int, stamp: Any,
                 weeks: list[tuple[int, dict[str, Any]]], filename: str,
                 lang: str = "en") -> Response:
    try:
        body = build_calendar(resource_id=resource_id, kind=kind, title=title, version=version,
                              stamp=crud.aware(stamp), weeks=weeks, words=export_words(lang))
    except ValueError as exc:
        raise ProblemError(409, "conflict", f"{exc}; save it with a week_start to export "
                                            "a calendar") from None
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers=language_headers(lang, {
                        "Content-Disposition": f'attachment; filename="{filename}"',
                        "ETag": language_etag(version, lang)}))


def parse_cursor(cursor: str | None) -> tuple[Any, uuid.UUID] | None:
    if cursor is None:
        return None
    try:
        return cursors.decode_cursor(cursor)
    except ValueError as exc:
        raise ProblemError(422, "validation-error", str(exc), errors=[
            {"location": "query", "pointer": "/cursor", "detail": str(exc)}]) from None


def updated(result: SavedPlan | None | bool, what: str) -> SavedPlan:
    """The outcome of a compare-and-set update: the row, or 404 / 412."""
    if result is None:
        raise not_found(what)
    if result is False:
        raise stale()
    assert isinstance(result, SavedPlan)
    return result


def not_modified(version: int, if_none_match: str | None) -> Response | None:
    """304 when If-None-Match names the current ETag (weak or strong, one of a list)."""
    current = etag(version)
    if if_none_match is not None and current in [t.strip().removeprefix("W/")
                                                 for t in if_none_match.split(",")]:
        return Response(status_code=304, headers={"ETag": current})
    return None


# ----------------------------------------------------------------------------- FIT workouts

FIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "A FIT workout file (sport training, sub-sport strength training).",
          "content": {FIT_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
}


def fit_response(session: dict[str, Any], *, filename: str, name_prefix: str = "",
                 etag_version: int | None = None, lang: str = "en") -> Response:
    words = export_words(lang)
    body = session_fit(session, name=workout_name(session, name_prefix, words), words=words)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if etag_version is not None:
        headers["ETag"] = language_etag(etag_version, lang)
    return Response(body, media_type=FIT_MEDIA_TYPE, headers=language_headers(lang, headers))


def session_of(week_plan: dict[str, Any], session_id: str, where: str) -> dict[str, Any]:
    """The session with that id, or a 404 naming the sessions there are."""
    session: dict[str, Any] | None = next(
        (s for s in week_plan["sessions"] if s["id"] == session_id), None)
    if session is None:
        ids = ", ".join(s["id"] for s in week_plan["sessions"]) or "none"
        raise ProblemError(404, "not-found", f"{where} has no session {session_id}; "
                                             f"it has: {ids}")
    return session
