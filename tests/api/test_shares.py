"""Share links on both lanes: signed, expiring, revocable, owned by one app, opened keyless."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.api.routes.shares import get_clock
from app.core.config import Settings, get_settings
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE
from app.share import links
from app.share.render import STYLE_HASH

pytestmark = pytest.mark.anyio
SECRET = "test-share-secret-0123456789abcdef-xyz"


@pytest.fixture(autouse=True)
def share_secret(monkeypatch):
    """Both lanes sign with a configured secret (the PostgreSQL lane needs one)."""
    monkeypatch.setenv("SHARE_SECRET", SECRET)
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("SHARE_SECRET")
    get_settings.cache_clear()


@pytest.fixture
def clock(app):
    """A clock the test moves: `clock.now` is what the service believes the time is."""

    class Clock:
        now = datetime.now(UTC)

        def __call__(self) -> datetime:
            return self.now

    fake = Clock()
    app.dependency_overrides[get_clock] = lambda: fake
    yield fake
    app.dependency_overrides.pop(get_clock, None)


@pytest.fixture
async def public(app, lane):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as c:
        yield c


async def saved_plan(api, name="Spring 10k"):
    r = await api.post("/v1/plans", json={"athlete_id": "runner-7", "name": name,
                                          "profile": copy.deepcopy(PROFILE_EXAMPLE)})
    assert r.status_code == 201, r.text
    return r.json()


async def saved_programme(api):
    r = await api.post("/v1/programmes", json={"athlete_id": "runner-7", "name": "June half",
                                               "programme": copy.deepcopy(PROGRAMME_EXAMPLE)})
    assert r.status_code == 201, r.text
    return r.json()


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def tampered(url: str) -> str:
    head, mac = url.rsplit(".", 1)
    flipped = ("A" if mac[0] != "A" else "B") + mac[1:]
    return f"{head}.{flipped}"


class TestCreateShare:
    async def test_plan_share_gives_a_signed_link_expiring_in_14_days(self, api, clock):
        plan = await saved_plan(api)
        r = await api.post(f"/v1/plans/{plan['id']}/share")
        assert r.status_code == 201, r.text
        body = r.json()
        assert r.headers["location"] == f"/v1/shares/{body['share_id']}"
        assert re.fullmatch(r"http://test/s/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}", body["url"])
        expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
        assert expires == clock.now.replace(microsecond=0) + timedelta(days=14)
        assert (body["kind"], body["resource_id"], body["lang"]) == ("plan", plan["id"], "en")
        assert body["revoked_at"] is None

    async def test_expiry_and_language_are_chosen_at_share_time(self, api, clock):
        prog = await saved_programme(api)
        r = await api.post(f"/v1/programmes/{prog['id']}/share",
                           json={"expires_in_days": 90, "lang": "nl"})
        assert r.status_code == 201, r.text
        assert r.json()["lang"] == "nl"
        assert r.json()["kind"] == "programme"
        expires = datetime.fromisoformat(r.json()["expires_at"].replace("Z", "+00:00"))
        assert expires - clock.now.replace(microsecond=0) == timedelta(days=90)

    @pytest.mark.parametrize(("body", "pointer"), [
        ({"expires_in_days": 0}, "/expires_in_days"),
        ({"expires_in_days": 91}, "/expires_in_days"),
        ({"expires_in_days": "14"}, "/expires_in_days"),
        ({"lang": "it"}, "/lang"),
        ({"audience": "public"}, "/audience"),
    ])
    async def test_bad_options_are_422_naming_the_field(self, api, body, pointer):
        plan = await saved_plan(api)
        r = await api.post(f"/v1/plans/{plan['id']}/share", json=body)
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        assert [e["pointer"] for e in r.json()["errors"]] == [pointer]

    async def test_only_the_owner_can_share_and_only_the_right_kind(self, api, other_api):
        plan = await saved_plan(api)
        prog = await saved_programme(api)
        assert (await other_api.post(f"/v1/plans/{plan['id']}/share")).status_code == 404
        assert (await other_api.post(f"/v1/programmes/{prog['id']}/share")).status_code == 404
        assert (await api.post(f"/v1/plans/{prog['id']}/share")).status_code == 404
        assert (await api.post(f"/v1/programmes/{plan['id']}/share")).status_code == 404
        assert (await api.post("/v1/plans/not-a-uuid/share")).status_code == 404

    async def test_sharing_needs_a_key(self, api, public):
        plan = await saved_plan(api)
        assert (await public.post(f"/v1/plans/{plan['id']}/share")).status_code == 401


class TestOpenShare:
    async def test_plan_page_opens_without_a_key(self, api, public):
        plan = await saved_plan(api, name="Spring <10k> & more")
        url = (await api.post(f"/v1/plans/{plan['id']}/share")).json()["url"]
        r = await public.get(path_of(url))
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert r.headers["cache-control"] == "private, no-store"
        assert "noindex" in r.headers["x-robots-tag"]
        csp = r.headers["content-security-policy"]
        assert csp.startswith("default-src 'none'; ")
        assert f"style-src 'sha256-{STYLE_HASH}'" in csp
        assert "img-src data:" in csp
        html = r.text
        assert "<script" not in html.lower()
        assert "Spring &lt;10k&gt; &amp; more" in html  # autoescaped
        for session in plan["plan"]["sessions"]:
            for ex in session["warmup"] + session["exercises"] + session["cooldown"]:
                assert ex["name"] in html

    async def test_head_answers_like_get_without_a_body(self, api, public):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share")).json()["url"]
        r = await public.head(path_of(url))
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert r.content == b""
        assert (await public.head(path_of(tampered(url)))).status_code == 404

    async def test_style_hash_matches_the_inline_stylesheet(self, api, public):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share")).json()["url"]
        html = (await public.get(path_of(url))).text
        css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)

        assert base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() == STYLE_HASH

    async def test_programme_page_has_charts_and_every_week(self, api, public):
        prog = await saved_programme(api)
        url = (await api.post(f"/v1/programmes/{prog['id']}/share")).json()["url"]
        r = await public.get(path_of(url))
        assert r.status_code == 200
        html = r.text
        assert html.count("<details class=\"week\"") == len(prog["programme"]["weeks"])
        sets = re.search(r'data-chart="sets".*?</svg>', html, re.S).group(0)
        values = [int(v) for v in re.findall(r'data-value="(\d+)"', sets)]
        assert values == [w["sets"] for w in prog["programme"]["summary"]["weeks"]]
        load = re.search(r'data-chart="load".*?</svg>', html, re.S).group(0)
        loads = [int(v) for v in re.findall(r'data-value="(\d+)"', load)]
        assert loads == [w["planned_load"] for w in prog["programme"]["summary"]["weeks"]]

    async def test_wrong_signature_is_404(self, api, public):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share")).json()["url"]
        assert (await public.get(path_of(tampered(url)))).status_code == 404
        assert (await public.get("/s/nonsense")).status_code == 404
        assert (await public.get("/s/" + "A" * 32 + "." + "B" * 43)).status_code == 404

    async def test_a_link_signed_with_another_secret_is_404(self, api, public):
        plan = await saved_plan(api)
        body = (await api.post(f"/v1/plans/{plan['id']}/share")).json()

        forged = links.sign(b"x" * 40, links.Link(uuid.UUID(body["share_id"]),
                                                   datetime.now(UTC) + timedelta(days=400)))
        assert (await public.get(f"/s/{forged}")).status_code == 404
        good = links.sign(SECRET.encode(), links.Link(uuid.UUID(body["share_id"]),
                                                       datetime.now(UTC) + timedelta(days=1)))
        assert (await public.get(f"/s/{good}")).status_code == 200

    async def test_moving_the_expiry_breaks_the_signature(self, api, public):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share",
                              json={"expires_in_days": 1})).json()["url"]
        token = url.rsplit("/", 1)[1]
        body, mac = token.split(".")
        raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        raw[-3] = (raw[-3] + 1) % 256  # the expiry moves by 65,536 s (about 18 hours)
        moved = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
        assert (await public.get(f"/s/{moved}.{mac}")).status_code == 404

    async def test_expired_link_is_410(self, api, public, clock):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share",
                              json={"expires_in_days": 3})).json()["url"]
        start = clock.now
        clock.now = start + timedelta(days=3) - timedelta(seconds=2)
        assert (await public.get(path_of(url))).status_code == 200
        clock.now = start + timedelta(days=3, seconds=1)
        r = await public.get(path_of(url))
        assert r.status_code == 410
        assert "expired" in r.text
        assert r.headers["cache-control"] == "private, no-store"

    async def test_deleted_plan_makes_the_link_404(self, api, public):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share")).json()["url"]
        assert (await api.delete(f"/v1/plans/{plan['id']}")).status_code == 204
        assert (await public.get(path_of(url))).status_code == 404

    async def test_the_page_shows_the_plan_as_it_is_now(self, api, public):
        plan = await saved_plan(api)
        url = (await api.post(f"/v1/plans/{plan['id']}/share")).json()["url"]
        r = await api.put(f"/v1/plans/{plan['id']}", headers={"If-Match": '"1"'},
                          json={"name": "Renamed week"})
        assert r.status_code == 200
        assert "Renamed week" in (await public.get(path_of(url))).text


    async def test_an_app_asking_for_json_gets_problems_a_browser_gets_pages(self, api, public):
        plan = await saved_plan(api)
        share = (await api.post(f"/v1/plans/{plan['id']}/share")).json()
        as_app = {"Accept": "application/problem+json, application/json"}
        as_browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        ok = await public.get(path_of(share["url"]), headers=as_app)
        assert ok.status_code == 200  # a link that works opens the page whoever asks
        assert ok.headers["content-type"] == "text/html; charset=utf-8"
        r = await public.get(path_of(tampered(share["url"])), headers=as_app)
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/problems/not-found")
        assert "not valid" in r.json()["detail"]
        assert r.headers["vary"] == "Accept"
        assert (await api.delete(f"/v1/shares/{share['share_id']}")).status_code == 204
        r = await public.get(path_of(share["url"]), headers=as_app)
        assert r.status_code == 410
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/problems/gone")
        assert (await public.get(r.json()["type"].split("://", 1)[1].split("/", 1)[1]
                                 .join(["/", ""]))).status_code == 200
        page = await public.get(path_of(share["url"]), headers=as_browser)
        assert page.status_code == 410
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "withdrawn" in page.text


class TestRevokeShare:
    async def test_revoked_link_is_410_and_the_share_says_so(self, api, public, clock):
        plan = await saved_plan(api)
        share = (await api.post(f"/v1/plans/{plan['id']}/share")).json()
        assert (await api.delete(f"/v1/shares/{share['share_id']}")).status_code == 204
        r = await public.get(path_of(share["url"]))
        assert r.status_code == 410
        assert "withdrawn" in r.text
        got = (await api.get(f"/v1/shares/{share['share_id']}")).json()
        assert got["revoked_at"] is not None
        assert got["url"] == share["url"]
        assert (await api.delete(f"/v1/shares/{share['share_id']}")).status_code == 204

    async def test_another_app_can_neither_see_nor_revoke_a_share(self, api, other_api, public):
        plan = await saved_plan(api)
        share = (await api.post(f"/v1/plans/{plan['id']}/share")).json()
        assert (await other_api.get(f"/v1/shares/{share['share_id']}")).status_code == 404
        assert (await other_api.delete(f"/v1/shares/{share['share_id']}")).status_code == 404
        assert (await public.get(path_of(share["url"]))).status_code == 200
        assert (await api.get("/v1/shares/not-a-uuid")).status_code == 404

    async def test_revoking_one_share_leaves_the_others(self, api, public):
        plan = await saved_plan(api)
        first = (await api.post(f"/v1/plans/{plan['id']}/share")).json()
        second = (await api.post(f"/v1/plans/{plan['id']}/share")).json()
        await api.delete(f"/v1/shares/{first['share_id']}")
        assert (await public.get(path_of(first["url"]))).status_code == 410
        assert (await public.get(path_of(second["url"]))).status_code == 200


class TestSecret:
    def test_sqlite_secret_is_made_once_and_kept_next_to_the_database(self, tmp_path):
        url = f"sqlite:///{tmp_path}/x/stride.db"
        first = links.secret_for(Settings(database_url=url, share_secret=None))
        links._local_secret.cache_clear()
        again = links.secret_for(Settings(database_url=url, share_secret=None))
        assert first == again
        assert len(first) >= 32
        assert (tmp_path / "x" / links.SECRET_FILE).stat().st_mode & 0o077 == 0

    def test_other_databases_need_share_secret(self):
        settings = Settings(database_url="postgresql://u@h/db", share_secret=None)
        with pytest.raises(links.SharingDisabled):
            links.secret_for(settings)
        assert links.secret_for(Settings(database_url="postgresql://u@h/db",
                                         share_secret=SECRET)) == SECRET.encode()

    def test_a_short_secret_is_refused(self):
        with pytest.raises(ValueError, match="share_secret"):
            Settings(share_secret="too-short")

    async def test_sharing_answers_503_without_a_secret(self, api, monkeypatch):
        def disabled(_settings):
            raise links.SharingDisabled

        monkeypatch.setattr("app.api.routes.shares.secret_for", disabled)
        plan = await saved_plan(api)
        r = await api.post(f"/v1/plans/{plan['id']}/share")
        assert r.status_code == 503
        assert "SHARE_SECRET" in r.json()["detail"]
