"""The share pages as HTML, without a server: rendered from the stored documents only."""

from __future__ import annotations

import copy
import gettext
import re
from functools import cache

import pytest

from app.engine.planner import generate_week
from app.engine.programme import generate_programme
from app.schemas import (
    PROFILE_EXAMPLE,
    PROGRAMME_EXAMPLE,
    ProgrammeRequest,
    RunnerProfileIn,
    plan_to_dict,
    programme_to_dict,
)
from app.share import charts, render, words


@cache
def _programme():
    request = ProgrammeRequest.model_validate(PROGRAMME_EXAMPLE)
    return programme_to_dict(generate_programme(**request.engine_args()))


def programme():
    return copy.deepcopy(_programme())


def week():
    return plan_to_dict(generate_week(RunnerProfileIn.model_validate(PROFILE_EXAMPLE)
                                      .to_engine()))


def chart_values(html: str, key: str) -> list[str]:
    svg = re.search(rf'data-chart="{key}".*?</svg>', html, re.S).group(0)
    return re.findall(r'<g class="week" data-week="\d+" data-value="([^"]*)"', svg)


class TestProgrammePage:
    def test_no_load_chart_while_the_summary_has_no_load(self):
        doc = programme()  # as saved before the summary carried planned_load
        for w in doc["summary"]["weeks"]:
            del w["planned_load"]
        html = render.render_programme(doc, title=None, lang="en", expires_on=None)
        assert 'data-chart="load"' not in html
        assert "<th scope=\"col\" class=\"num\">Load</th>" not in html

    def test_load_chart_shows_the_programmes_planned_load(self):
        doc = programme()
        loads = [w["planned_load"] for w in doc["summary"]["weeks"]]
        assert all(isinstance(v, int) for v in loads)
        html = render.render_programme(doc, title=None, lang="en", expires_on=None)
        assert chart_values(html, "load") == [str(v) for v in loads]
        assert "<th scope=\"col\" class=\"num\">Load</th>" in html

    def test_load_chart_follows_the_summary(self):
        doc = programme()
        loads = [700 + 10 * w["week"] for w in doc["summary"]["weeks"]]
        for w, load in zip(doc["summary"]["weeks"], loads, strict=True):
            w["planned_load"] = load
        html = render.render_programme(doc, title=None, lang="en", expires_on=None)
        assert chart_values(html, "load") == [str(v) for v in loads]

    def test_only_a_number_is_a_planned_load(self):
        assert render.planned_load({"planned_load": 412}) == 412.0
        assert render.planned_load({"planned_load": None}) is None
        assert render.planned_load({"planned_load": True}) is None
        assert render.planned_load({"sets": 20}) is None

    def test_sets_and_effort_charts_carry_the_programme_numbers(self):
        doc = programme()
        html = render.render_programme(doc, title="June half", lang="en", expires_on=None)
        assert chart_values(html, "sets") == [str(w["sets"]) for w in doc["summary"]["weeks"]]
        assert chart_values(html, "effort") == [
            str(render.top_effort(w["plan"])) for w in doc["weeks"]]

    def test_without_a_race_there_is_no_race_marker(self):
        doc = programme()
        doc["race_date"] = None
        html = render.render_programme(doc, title=None, lang="en", expires_on=None)
        assert 'data-race="true"' not in html
        assert "to the race on" not in html


class TestWeekPage:
    def test_every_prescription_is_shown_with_its_dose(self):
        plan = week()
        html = render.render_plan(plan, title="Week", lang="en", expires_on=None)
        for s in plan["sessions"]:
            for ex in s["exercises"]:
                assert ex["name"] in html
                assert words.effort_text(ex["load"], str) in html
        assert "<script" not in html

    def test_plan_text_is_escaped(self):
        plan = week()
        plan["sessions"][0]["rationale"] = ['<img src="https://evil.example/x.png">']
        html = render.render_plan(plan, title="<b>x</b>", lang="en", expires_on=None)
        assert "evil.example" in html
        assert '<img src="https://evil.example' not in html
        assert "<b>x</b>" not in html


class TestWords:
    def test_targets_speak_the_exercise_unit(self):
        t = gettext.NullTranslations()
        assert words.target_text({"unit": "reps", "min": 8, "max": 12, "per_side": True}, t) \
            == "8\u2060\u2013\u206012 reps each side"
        assert words.target_text({"unit": "seconds", "min": 30, "max": 30,
                                  "per_side": False}, t) == "30 s"
        assert words.target_text({"unit": "meters", "min": 20, "max": 30,
                                  "per_side": False}, t) == "20\u2060\u2013\u206030 m"
        assert words.target_text({"unit": "reps", "min": 1, "max": 1, "per_side": False},
                                 t) == "1 rep"

    def test_every_page_word_goes_through_the_translator(self, monkeypatch):
        def shout(message: str) -> str:  # placeholders stay as they are
            return "".join(part if part.startswith("%(") else part.upper()
                           for part in re.split(r"(%\([a-z]+\)s)", message))

        class Shouting:
            lang = "de"

            def gettext(self, message: str) -> str:
                return shout(message)

            def ngettext(self, singular: str, plural: str, n: int) -> str:
                return shout(singular if n == 1 else plural)

        monkeypatch.setattr(words, "translator", lambda lang: Shouting())
        html = render.render_plan(week(), title=None, lang="de", expires_on=None)
        assert "THE WEEK AT A GLANCE" in html
        assert "The week at a glance" not in html
        assert re.search(r"<h3 [^>]*>MONDAY: FULL-BODY STRENGTH</h3>", html)
        assert ">Easy run<" not in html
        assert ">EASY RUN<" in html
        # The plan's own sentences are the plan's: the page does not rewrite them.
        assert week()["rationale"][0] in html

    def test_the_page_language_is_what_it_is_written_in(self):
        assert words.page_language(words.translator("de"), "de") == "de"
        assert words.page_language(words.translator("pt"), "pt") == "en"

    @pytest.mark.parametrize("lang", ["de", "fr", "es", "nl"])
    def test_a_page_in_another_language_has_its_words_and_lang_attribute(self, lang):
        """Page words from the catalogues, the plan's sentences and names localised on read."""
        from app.api.localise import localise_saved_plan

        english_html = render.render_plan(week(), title=None, lang="en", expires_on=None)
        plan = localise_saved_plan(lang, week(), PROFILE_EXAMPLE)
        html = render.render_plan(plan, title=None, lang=lang, expires_on=None)
        assert f'<html lang="{lang}"' in html
        assert '<html lang="en"' in english_html
        for english in ("The week at a glance", "Why this session", "Warm-up",
                        *week()["rationale"]):
            assert english in english_html
            assert english not in html, (lang, english)
        page = html.replace("&#39;", "'")
        assert plan["rationale"][0] in page
        for rx in plan["sessions"][0]["exercises"]:
            assert f'class="name">{rx["name"]}<' in page


class TestCharts:
    def test_nice_ceiling(self):
        assert [charts.nice_ceiling(v) for v in (0, 3, 10, 38, 26, 1234)] == [
            1.0, 5.0, 10.0, 50.0, 50.0, 2000.0]

    def test_race_falls_in_its_week(self):
        starts = ["2026-03-02", "2026-03-09"]
        assert charts.race_offset(starts, "2026-03-15") == (13 + 0.5) / 7
        assert charts.race_offset(starts, "2026-03-16") is None
        assert charts.race_offset(starts, None) is None
