"""Answers in the runner's language: negotiation, headers, the lang parameter, stable codes."""

from __future__ import annotations

import copy

import pytest

from app.i18n import LANGUAGES
from app.schemas import PROFILE_EXAMPLE, PROGRAMME_EXAMPLE, ExerciseOut, WeekPlanOut

pytestmark = pytest.mark.anyio

LOCALISED = [
    ("GET", "/v1/exercises", None),
    ("GET", "/v1/exercises/nordic-curl", None),
    ("GET", "/v1/exercises/goblet-squat/alternatives", None),
    ("GET", "/v1/equipment", None),
    ("POST", "/v1/plans/generate", PROFILE_EXAMPLE),
    ("POST", "/v1/programmes/generate", PROGRAMME_EXAMPLE),
]


async def call(client, method, path, body=None, **kwargs):
    if method == "GET":
        return await client.get(path, **kwargs)
    return await client.post(path, json=body, **kwargs)


class TestHeaders:
    @pytest.mark.parametrize(("method", "path", "body"), LOCALISED)
    async def test_every_localised_answer_says_its_language_and_varies(self, client, method,
                                                                       path, body):
        r = await call(client, method, path, body, headers={"Accept-Language": "fr-BE, fr;q=0.9"})
        assert r.status_code == 200, r.text
        assert r.headers["content-language"] == "fr"
        assert "Accept-Language" in r.headers["vary"]

    @pytest.mark.parametrize(("method", "path", "body"), LOCALISED)
    async def test_the_lang_parameter_wins_over_the_header(self, client, method, path, body):
        r = await call(client, method, path, body, params={"lang": "nl"},
                       headers={"Accept-Language": "de"})
        assert r.status_code == 200, r.text
        assert r.headers["content-language"] == "nl"

    @pytest.mark.parametrize(("method", "path", "body"), LOCALISED)
    async def test_an_unknown_lang_is_a_422_naming_the_allowed_values(self, client, method,
                                                                      path, body):
        r = await call(client, method, path, body, params={"lang": "pt"})
        assert r.status_code == 422
        [error] = [e for e in r.json()["errors"] if e["pointer"] == "/lang"]
        assert all(f"'{code}'" in error["detail"] for code in LANGUAGES)

    async def test_unknown_languages_fall_back_to_english(self, client):
        r = await client.get("/v1/exercises/nordic-curl", headers={"Accept-Language": "pt-BR"})
        assert r.headers["content-language"] == "en"
        assert r.json()["name"] == "Nordic curl"


class TestCatalogue:
    async def test_exercise_text_is_translated_and_codes_are_not(self, client):
        en = (await client.get("/v1/exercises/single-leg-calf-raise")).json()
        de = (await client.get("/v1/exercises/single-leg-calf-raise",
                               headers={"Accept-Language": "de"})).json()
        assert de["name"] == "Einbeiniges Wadenheben"
        assert de["instructions"] != en["instructions"]
        assert len(de["instructions"]) == len(en["instructions"])
        assert len(de["cues"]) == len(en["cues"])
        for field in ("slug", "category", "categories", "pattern", "primary_muscles",
                      "secondary_muscles", "equipment", "level", "unilateral", "measure",
                      "impact", "stress", "tempo", "easier", "harder"):
            assert de[field] == en[field], field
        ExerciseOut.model_validate(de)

    @pytest.mark.parametrize("lang", LANGUAGES)
    async def test_a_filtered_page_is_the_same_page_in_every_language(self, client, lang):
        params = {"equipment": ["dumbbells", "mini_band"], "limit": 50}
        en = (await client.get("/v1/exercises", params=params)).json()
        other = (await client.get("/v1/exercises", params={**params, "lang": lang})).json()
        assert [e["slug"] for e in other["data"]] == [e["slug"] for e in en["data"]]
        assert other["count"] == en["count"]

    async def test_the_page_cache_keeps_languages_apart(self, client):
        """The same query string in two languages: each answer in its own language, and a
        repeat is byte-identical (the cache is keyed by query and language)."""
        params = {"category": "core", "limit": 5}
        de1 = await client.get("/v1/exercises", params=params, headers={"Accept-Language": "de"})
        es1 = await client.get("/v1/exercises", params=params, headers={"Accept-Language": "es"})
        de2 = await client.get("/v1/exercises", params=params, headers={"Accept-Language": "de"})
        assert de1.content == de2.content
        assert de1.content != es1.content
        assert es1.headers["content-language"] == "es"

    async def test_equipment_names_translate_and_slugs_do_not(self, client):
        en = (await client.get("/v1/equipment")).json()["data"]
        es = (await client.get("/v1/equipment", params={"lang": "es"})).json()["data"]
        assert [e["slug"] for e in es] == [e["slug"] for e in en]
        names = {e["slug"]: e["name"] for e in es}
        assert names["dumbbells"] == "Mancuernas"
        assert names["box_or_step"] == "Cajón o escalón"


class TestPlans:
    async def test_exercise_names_in_a_plan_follow_the_language(self, client):
        en = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE)).json()
        fr = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE,
                                headers={"Accept-Language": "fr"})).json()
        WeekPlanOut.model_validate(fr)
        pairs = [(a, b) for s_en, s_fr in zip(en["sessions"], fr["sessions"], strict=True)
                 for key in ("warmup", "exercises", "cooldown")
                 for a, b in zip(s_en[key], s_fr[key], strict=True)]
        assert pairs
        for a, b in pairs:
            assert (a["slug"], a["sets"], a["target"], a["load"]["rpe"]) == (
                b["slug"], b["sets"], b["target"], b["load"]["rpe"])
        assert sum(a["name"] != b["name"] for a, b in pairs) >= len(pairs) - 2
        # codes never change with the language
        assert [w["code"] for w in fr["warnings"]] == [w["code"] for w in en["warnings"]]
        assert [s["rules"] for s in fr["sessions"]] == [s["rules"] for s in en["sessions"]]

    async def test_plan_names_are_the_catalogue_names(self, client):
        plan = (await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE,
                                  params={"lang": "nl"})).json()
        for s in plan["sessions"]:
            for rx in s["exercises"]:
                ex = (await client.get(f"/v1/exercises/{rx['slug']}", params={"lang": "nl"}))
                assert ex.json()["name"] == rx["name"]

    @pytest.mark.parametrize("lang", LANGUAGES)
    async def test_same_profile_same_language_gives_byte_identical_json(self, client, lang):
        headers = {"Accept-Language": lang}
        a = await client.post("/v1/plans/generate", json=PROFILE_EXAMPLE, headers=headers)
        b = await client.post("/v1/plans/generate", json=copy.deepcopy(PROFILE_EXAMPLE),
                              headers={"Accept-Language": f"{lang};q=0.9"})
        assert a.content == b.content

    async def test_programme_weeks_are_localised(self, client):
        r = await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE,
                              params={"lang": "es"})
        assert r.headers["content-language"] == "es"
        names = {rx["name"] for w in r.json()["weeks"] for s in w["plan"]["sessions"]
                 for rx in s["exercises"]}
        assert "Peso muerto rumano con mancuernas" in names or any(
            "sentadilla" in n.lower() or "zancada" in n.lower() for n in names)


def test_lang_is_documented_in_openapi(app):
    spec = app.openapi()
    for path, method in [("/v1/exercises", "get"), ("/v1/exercises/{slug}", "get"),
                         ("/v1/equipment", "get"), ("/v1/plans/generate", "post"),
                         ("/v1/programmes/generate", "post"),
                         ("/v1/exercises/{slug}/alternatives", "get")]:
        params = {p["name"]: p for p in spec["paths"][path][method].get("parameters", [])}
        assert "lang" in params, path
        schema = str(params["lang"]["schema"])
        assert all(code in schema for code in LANGUAGES), path


def unfold(ics: str) -> str:
    """An iCalendar body with folded lines joined and text escapes undone."""
    text = ics.replace("\r\n ", "")
    return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")


class TestExports:
    """Calendar and FIT files of saved documents: their own words, the exercise names and (for
    plans) the sentences in the language asked for; saved documents stay English."""

    async def saved_plan(self, api) -> dict:
        profile = copy.deepcopy(PROFILE_EXAMPLE)
        profile["week_start"] = "2026-03-02"
        r = await api.post("/v1/plans", json={"athlete_id": "runner-lang", "profile": profile})
        assert r.status_code == 201, r.text
        return r.json()

    async def test_a_plan_calendar_in_german(self, api):
        from app.api.localise import localise_saved_plan

        saved = await self.saved_plan(api)
        url = f"/v1/plans/{saved['id']}/calendar.ics"
        english = await api.get(url)
        german = await api.get(url, headers={"Accept-Language": "de-AT, de;q=0.9"})
        assert german.status_code == 200
        assert german.headers["content-language"] == "de"
        assert "Accept-Language" in german.headers["vary"]
        assert english.headers["content-language"] == "en"
        assert english.headers["etag"] != german.headers["etag"]  # two representations
        text, en_text = unfold(german.text), unfold(english.text)
        assert "SUMMARY:Strength: " in en_text
        assert "SUMMARY:Krafttraining: " in text
        assert "Why:" in en_text
        assert "Warum:" in text
        local = localise_saved_plan("de", saved["plan"], saved["profile"])
        first = saved["plan"]["sessions"][0]
        for english_text, german_text in zip(first["rationale"], local["sessions"][0]["rationale"],
                                             strict=True):
            assert english_text in en_text
            assert english_text not in text
            assert german_text in text
        # the saved document itself is unchanged
        assert (await api.get(f"/v1/plans/{saved['id']}")).json()["plan"] == saved["plan"]

    @pytest.mark.parametrize("lang", ["fr", "es", "nl"])
    async def test_a_plan_session_fit_file_follows_the_lang_parameter(self, api, lang):
        from app.i18n import translator

        saved = await self.saved_plan(api)
        session = saved["plan"]["sessions"][0]
        url = f"/v1/plans/{saved['id']}/sessions/{session['id']}.fit"
        r = await api.get(url, params={"lang": lang})
        assert r.status_code == 200
        assert r.headers["content-language"] == lang
        assert "Accept-Language" in r.headers["vary"]
        rest = translator(lang).pgettext("export", "Rest")
        assert rest.encode() in r.content
        assert b"Rest\x00" not in r.content
        english = (await api.get(url)).content
        assert b"Rest\x00" in english

    async def test_a_programme_calendar_has_its_words_and_names_in_dutch(self, api):
        r = await api.post("/v1/programmes", json={"athlete_id": "runner-lang",
                                                   "programme": PROGRAMME_EXAMPLE})
        assert r.status_code == 201, r.text
        saved = r.json()
        cal = await api.get(f"/v1/programmes/{saved['id']}/calendar.ics", params={"lang": "nl"})
        assert cal.headers["content-language"] == "nl"
        text = unfold(cal.text)
        assert "SUMMARY:Week 1 · Krachttraining: " in text
        assert "Warming-up:" in text
        assert "Warm-up:" not in text


async def test_programme_sentences_follow_the_language(client):
    """Names and sentences: the programme's rationale, progression notes and week plans are
    rendered through the language's voice (app.api.localise.programme_voice_args)."""
    from app.api.localise import programme_voice_args, sentences

    assert "voice" in programme_voice_args("de")
    english = (await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE)).json()
    german = (await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE,
                                params={"lang": "de"})).json()
    en_week, de_week = english["weeks"][0]["plan"], german["weeks"][0]["plan"]
    en_names = [rx["name"] for s in en_week["sessions"] for rx in s["exercises"]]
    de_names = [rx["name"] for s in de_week["sessions"] for rx in s["exercises"]]
    assert en_names != de_names
    assert not set(en_week["rationale"]) & set(de_week["rationale"])
    assert len(german["rationale"]) == len(english["rationale"])
    assert german["rationale"][0].startswith("16 Wochen bis zum Wettkampf: ")
    assert not set(english["rationale"]) & set(german["rationale"])
    en_notes = {p: t for p, t in sentences(english) if p.endswith("/note")}
    de_notes = {p: t for p, t in sentences(german) if p.endswith("/note")}
    assert en_notes  # the same programme, only the words differ
    assert en_notes.keys() == de_notes.keys()
    assert all(de_notes[p] != t for p, t in en_notes.items())
    assert any(t.startswith("Starte mit ") for t in de_notes.values())


@pytest.mark.parametrize("lang", ["fr", "es", "nl"])
async def test_programme_rationale_in_every_language(client, lang):
    english = (await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE)).json()
    local = (await client.post("/v1/programmes/generate", json=PROGRAMME_EXAMPLE,
                               params={"lang": lang})).json()
    assert local["rationale"][0].startswith("16 ")
    assert not set(english["rationale"]) & set(local["rationale"])


async def test_a_saved_programme_reads_back_with_its_sentences_in_german(api):
    """Saved in English; the calendar, a week's FIT file and a share page give the sentences
    in the language asked for, and the saved document itself is unchanged."""
    from app.api.localise import localise_saved_programme

    r = await api.post("/v1/programmes", json={"athlete_id": "runner-lang",
                                               "programme": PROGRAMME_EXAMPLE})
    assert r.status_code == 201, r.text
    saved = r.json()
    local = localise_saved_programme("de", saved["programme"], {"request": saved["request"]})
    en_first = saved["programme"]["weeks"][0]["plan"]["sessions"][0]
    de_first = local["weeks"][0]["plan"]["sessions"][0]
    assert local["rationale"][0].startswith("16 Wochen bis zum Wettkampf: ")
    assert not set(en_first["rationale"]) & set(de_first["rationale"])
    cal = unfold((await api.get(f"/v1/programmes/{saved['id']}/calendar.ics",
                                params={"lang": "de"})).text)
    for english_text, german_text in zip(en_first["rationale"], de_first["rationale"],
                                         strict=True):
        assert german_text in cal
        assert english_text not in cal
    fit = await api.get(f"/v1/programmes/{saved['id']}/weeks/1/sessions/{en_first['id']}.fit",
                        params={"lang": "de"})
    assert fit.status_code == 200
    assert de_first["exercises"][0]["name"].encode() in fit.content
    again = (await api.get(f"/v1/programmes/{saved['id']}")).json()
    assert again["programme"] == saved["programme"]


async def test_a_suggested_load_and_the_log_it_came_from_read_back_in_german(api):
    """A suggested load exists only once a set was logged: its `from` (the log it came from) and
    the advice that names it follow the language like every other sentence, in the calendar
    and in the saved programme read in German (paired with the programme as generated with
    its logs)."""
    from app.api.localise import localise_saved_programme
    from app.engine.explain import msg
    from app.engine.progression import ExerciseLog, SessionFeedback
    from app.i18n.messages import engine_voice

    r = await api.post("/v1/programmes", json={"athlete_id": "runner-lang",
                                               "programme": PROGRAMME_EXAMPLE})
    assert r.status_code == 201, r.text
    saved = r.json()
    s = saved["programme"]["weeks"][0]["plan"]["sessions"][0]
    lift = next(e for e in s["exercises"] if e["load"]["kind"] == "external")
    r = await api.post(f"/v1/programmes/{saved['id']}/logs", json={
        "week": 1, "session_id": s["id"], "status": "done", "rpe": 7,
        "exercises": [{"slug": lift["slug"], "sets_done": 3, "reps_done": 10, "load_kg": 16,
                       "rpe": 7}]})
    assert r.status_code == 201, r.text
    doc = (await api.get(f"/v1/programmes/{saved['id']}")).json()
    week2 = doc["programme"]["weeks"][1]
    got = [(e, x) for x in week2["plan"]["sessions"] for e in x["exercises"]
           if e["load"]["suggested"]]
    assert got
    english = got[0][0]["load"]["suggested"]["from"]
    day = msg(f"day.{s['day']}")
    german = engine_voice("de")("load.source", day=day, week=1, sets=3, reps=10, load="16",
                                unit="kg", reserve=3)
    assert english.startswith("your ")
    assert german.startswith("Einheit am ")
    assert german != english

    logged = {1: [SessionFeedback(True, 7, session_id=s["id"], exercises=(
        ExerciseLog(lift["slug"], 3, 10, 16.0, 7),))]}
    local = localise_saved_programme("de", doc["programme"], {"request": doc["request"]},
                                     lambda: logged)
    local_week2 = local["weeks"][1]["plan"]["sessions"]
    for (en_rx, _), de_x in zip(got, [e for y in local_week2 for e in y["exercises"]
                                      if e["load"]["suggested"]], strict=True):
        assert de_x["load"]["suggested"]["from"] == german, de_x["load"]["suggested"]
        assert f"(Basis: {german})" in de_x["load"]["advice"]
        assert english not in de_x["load"]["advice"]
        assert de_x["load"]["suggested"]["value"] == en_rx["load"]["suggested"]["value"]

    cal = await api.get(f"/v1/programmes/{saved['id']}/calendar.ics",
                        headers={"Accept-Language": "de"})
    assert cal.headers["content-language"] == "de"
    text = unfold(cal.text)
    assert f"(Basis: {german})" in text
    assert english not in text
    fit = await api.get(f"/v1/programmes/{saved['id']}/weeks/2/sessions/{got[0][1]['id']}.fit",
                        params={"lang": "de"})
    assert fit.status_code == 200
    assert english.encode() not in fit.content
    assert (await api.get(f"/v1/programmes/{saved['id']}")).json() == doc  # stored unchanged
