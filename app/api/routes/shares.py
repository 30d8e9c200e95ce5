"""Share links: a signed URL to a saved plan or programme that opens without an API key, as an
HTML page (app.share). The app that made a share can read and revoke it; nobody else sees it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from sqlmodel import Session
from starlette.responses import Response

from app import crud
from app.api.deps import ClientDep, SessionDep, SettingsDep, reject_unknown_query
from app.api.errors import STATUS_SLUGS, ProblemError
from app.api.localise import localise_saved_plan, localise_saved_programme
from app.api.routes.common import iso_time, json_response, logged_for, not_found, parse_id
from app.core.cache import BytesLRU
from app.core.config import Settings
from app.models import PlanShare
from app.share import render
from app.share.links import Link, SharingDisabled, secret_for, sign, verify
from app.share.schemas import ShareCreate, ShareOut

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


async def get_clock() -> Clock:
    """The clock expiries are judged by; tests override this dependency."""
    return system_clock


ClockDep = Annotated[Clock, Depends(get_clock)]
router = APIRouter(prefix="/v1", tags=["shares"], dependencies=[Depends(reject_unknown_query)])
public = APIRouter(tags=["shares"])
KINDS = {"week": "plan", "programme": "programme"}
# A page depends only on the share and the plan's version: a link opened again (or by several
# people) is answered from memory. Any change to the plan bumps its version.
_pages = BytesLRU(max_entries=64, max_bytes=16 * 1024 * 1024)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found for this app."}}
PAGE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Content-Security-Policy": render.CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _secret(settings: Settings) -> bytes:
    try:
        return secret_for(settings)
    except SharingDisabled:
        raise ProblemError(503, "service-unavailable",
                           "sharing is off on this server: it needs SHARE_SECRET") from None


def _out(share: PlanShare, secret: bytes, base: str) -> dict[str, Any]:
    expires = crud.aware(share.expires_at)
    token = sign(secret, Link(share.id, expires))
    return {"share_id": str(share.id), "url": f"{base}/s/{token}",
            "expires_at": iso_time(expires), "lang": share.lang, "kind": KINDS[share.kind],
            "resource_id": str(share.plan_id), "created_at": iso_time(share.created_at),
            "revoked_at": None if share.revoked_at is None else iso_time(share.revoked_at)}


def _base(request: Request, settings: Settings) -> str:
    return (settings.public_base_url or str(request.base_url)).rstrip("/")


def _share(kind: str, resource_id: str, request: Request, client: ClientDep,
           session: Session, settings: Settings, clock: Clock,
           payload: ShareCreate | None) -> Response:
    secret = _secret(settings)
    what = KINDS[kind]
    row = crud.get_plan(session, client_id=client.id, plan_id=parse_id(resource_id, what),
                        kind=kind)
    if row is None:
        raise not_found(what)
    options = payload or ShareCreate()
    now = clock().astimezone(UTC).replace(microsecond=0)
    share = crud.create_share(session, client_id=client.id, plan=row, lang=options.lang,
                              created_at=now,
                              expires_at=now + timedelta(days=options.expires_in_days))
    return json_response(_out(share, secret, _base(request, settings)), 201,
                         headers={"Location": f"/v1/shares/{share.id}"})


ShareBody = Annotated[ShareCreate | None, Body()]


@router.post("/plans/{plan_id}/share", status_code=201, response_model=ShareOut,
             operation_id="sharePlan", responses=NOT_FOUND)
def share_plan(plan_id: str, request: Request, client: ClientDep, session: SessionDep,
               settings: SettingsDep, clock: ClockDep, payload: ShareBody = None) -> Response:
    """A signed link to a saved week plan's page, for the runner (no API key needed to open it).
    The body is optional: expires_in_days (1-90, default 14) and lang (en, de, fr, es, nl)."""
    return _share("week", plan_id, request, client, session, settings, clock, payload)


@router.post("/programmes/{programme_id}/share", status_code=201, response_model=ShareOut,
             operation_id="shareProgramme", responses=NOT_FOUND)
def share_programme(programme_id: str, request: Request, client: ClientDep,
                    session: SessionDep, settings: SettingsDep, clock: ClockDep,
                    payload: ShareBody = None) -> Response:
    """A signed link to a saved programme's page: an overview with charts, then every week.
    The page always shows the programme as it is now (adapted to what was logged)."""
    return _share("programme", programme_id, request, client, session, settings, clock,
                  payload)


def _own_share(session: Session, client: ClientDep, share_id: str) -> PlanShare:
    try:
        ident = uuid.UUID(share_id)
    except ValueError:
        raise not_found("share") from None
    share = crud.get_share(session, share_id=ident, client_id=client.id)
    if share is None:
        raise not_found("share")
    return share


@router.get("/shares/{share_id}", response_model=ShareOut, operation_id="getShare",
            responses=NOT_FOUND)
def get_share(share_id: str, request: Request, client: ClientDep, session: SessionDep,
              settings: SettingsDep) -> Response:
    """One of this app's shares, with its link (revoked_at is set once revoked)."""
    share = _own_share(session, client, share_id)
    return json_response(_out(share, _secret(settings), _base(request, settings)))


@router.delete("/shares/{share_id}", status_code=204, response_class=Response,
               operation_id="revokeShare", responses=NOT_FOUND)
def revoke_share(share_id: str, client: ClientDep, session: SessionDep,
                 clock: ClockDep) -> Response:
    """Revoke a link at once: it answers 410 from then on. Revoking twice is harmless."""
    share = _own_share(session, client, share_id)
    crud.revoke_share(session, client_id=client.id, share_id=share.id, at=clock())
    return Response(status_code=204)


def _page(html: str | bytes, lang: str, status: int = 200) -> Response:
    return Response(html, status_code=status, media_type="text/html; charset=utf-8",
                    headers={**PAGE_HEADERS, "Content-Language": render.language(lang)})


# An app checking a link asks for JSON: it gets a problem document with the same status, where
# a browser or webview (which asks for HTML) gets the page.
PROBLEM_DETAIL = {
    404: "this share link is not valid: a wrong signature, or nothing is shared there",
    410: "this share link has expired or was revoked",
}


def wants_problem(request: Request) -> bool:
    accept = request.headers.get("accept", "").lower()
    return "json" in accept and "text/html" not in accept


def _gone(request: Request, status: int, lang: str, title: str, message: str) -> Response:
    if wants_problem(request):
        raise ProblemError(status, STATUS_SLUGS[status], PROBLEM_DETAIL[status],
                           headers={"Vary": "Accept"})
    page = _page(render.render_gone(title=title, message=message, lang=lang), lang, status)
    page.headers["Vary"] = "Accept"
    return page


@public.get("/s/{token}", operation_id="openShare", response_class=Response,
            responses={200: {"content": {"text/html": {}},
                             "description": "The plan or programme as a page."},
                       410: {"description": "The link has expired or was revoked."}})
def open_share(token: str, request: Request, session: SessionDep, settings: SettingsDep,
               clock: ClockDep) -> Response:
    """The page a share link opens: no API key, no JavaScript, nothing from another host.
    A link with a wrong signature (or for nothing that exists) is a 404; an expired or revoked
    one is a 410: a page saying so, or a problem document when Accept asks for JSON and not
    HTML (an app checking a link)."""
    _ = render.messages("en").gettext
    missing = (404, "en", _("Page not found"),
               _("This link is not valid. Ask for a new one from the app that shared it."))
    try:
        link = verify(secret_for(settings), token)
    except SharingDisabled:
        link = None
    share = None if link is None else crud.get_share(session, share_id=link.share_id)
    if link is None or share is None:
        return _gone(request, *missing)
    _ = render.messages(share.lang).gettext
    if share.revoked_at is not None:
        return _gone(request, 410, share.lang, _("This link was withdrawn"),
                     _("The plan is no longer shared. Ask for a new link from the app that "
                       "shared it."))
    expires = min(link.expires_at, crud.aware(share.expires_at))
    if clock() >= expires:
        return _gone(request, 410, share.lang, _("This link has expired"),
                     _("Shared links work for a limited time. Ask for a new link from the "
                       "app that shared it."))
    row = crud.get_plan(session, client_id=share.client_id, plan_id=share.plan_id,
                        kind=share.kind)
    if row is None:
        return _gone(request, *missing)
    key = (share.id, row.version)
    html = _pages.get(key)
    if html is None:
        until = expires.date()
        # The stored document is English: names and sentences in the share's
        # language first, then the page's own words in it too.
        if share.kind == "programme":
            doc = localise_saved_programme(share.lang, row.plan, row.profile,
                                           logged_for(session, row))
            text = render.render_programme(doc, title=row.name, lang=share.lang,
                                           expires_on=until)
        else:
            text = render.render_plan(localise_saved_plan(share.lang, row.plan, row.profile),
                                      title=row.name, lang=share.lang, expires_on=until)
        html = text.encode()
        _pages.put(key, html)
    return _page(html, share.lang)


# Link previews and some webviews ask with HEAD first: same answer, no body.
public.add_api_route("/s/{token}", open_share, methods=["HEAD"], include_in_schema=False)
