"""The planner's week `number` of a programme (DOMAIN §5-§6): its dates, its phase, the race
in its week, bodyweight while the moves are learnt, no session before the programme starts;
and the same week within its ceiling (programme_volume): fewer sessions, a rep more in reserve,
the lean sessions, fewer sets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.engine.catalogue import Catalogue
from app.engine.context import WeekOptions
from app.engine.explain import Voice
from app.engine.programme_volume import (
    Ceiling,
    Start,
    easier,
    least_sets,
    week_limits,
    with_ceiling,
)
from app.engine.programme_weeks import within_ceiling
from app.engine.progression import Tools
from app.engine.rules import Rules
from app.engine.types import Day, Phase, RunnerProfile, WeekPlan
from app.engine.week import generate_week


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Frame:
    """What every week of one programme is planned from."""

    profile: RunnerProfile
    layout: tuple[Phase, ...]
    start_date: date
    race_date: date | None
    start: Start
    catalogue: Catalogue
    rules: Rules
    voice: Voice
    # the planner's weeks asked for so far (the references planned ahead, a week planned again)
    planned: dict[tuple[int, frozenset[Day], WeekOptions], WeekPlan] = field(
        default_factory=dict, compare=False)


def week_plan(frame: Frame, number: int, blocked: frozenset[Day],
              options: WeekOptions) -> WeekPlan:
    """The planner's week `number` of the programme, before progression."""
    done = frame.planned.get((number, blocked, options))
    if done is None:
        done = _plan_week(frame, number, blocked, options)
        frame.planned[(number, blocked, options)] = done
    return done


def _plan_week(frame: Frame, number: int, blocked: frozenset[Day],
               options: WeekOptions) -> WeekPlan:
    profile, race_date = frame.profile, frame.race_date
    monday = monday_of(frame.start_date) + timedelta(weeks=number - 1)
    unavailable = set(profile.unavailable_days)
    if number == 1:  # no sessions before the programme starts
        unavailable |= {d for d in Day if monday + timedelta(days=d.num) < frame.start_date}
    bodyweight = number <= frame.start.bodyweight_weeks
    in_week = race_date is not None and monday <= race_date <= monday + timedelta(days=6)
    week_profile = dataclasses.replace(
        profile, phase=frame.layout[number - 1], week_start=monday,
        equipment=frozenset() if bodyweight else profile.equipment,
        race_date=race_date if race_date is not None and race_date >= monday else None,
        unavailable_days=frozenset(unavailable),
        runs=tuple(r for r in profile.runs
                   if not (in_week and monday + timedelta(days=r.day.num) == race_date)),
    )
    return generate_week(week_profile, catalogue=frame.catalogue, rules=frame.rules,
                         blocked_days=blocked, voice=frame.voice, options=options)


def capped_plan(frame: Frame, number: int, blocked: frozenset[Day], top: Ceiling,
                tools: Tools) -> tuple[WeekPlan, bool]:
    """The planner's week within its ceiling: at most its sessions; a rep more in reserve per
    point of effort over it; the lean sessions (the minimum effective session and the pull)
    when even one set of each exercise would be too many; then its sets cut. And whether the
    ceiling changed the week."""
    limits = week_limits(number, frame.start, frame.layout[number - 1])
    options = limits
    plan = week_plan(frame, number, blocked, options)
    if top.sessions is not None and len(plan.sessions) > top.sessions:
        options = with_ceiling(options, top)
        plan = week_plan(frame, number, blocked, options)
    eased = None if top.rpe is None else easier(options, plan, top)
    if eased is not None:
        options = eased
        plan = week_plan(frame, number, blocked, options)
    if top.sets is not None and not options.lean and least_sets(plan) > top.sets:
        options = dataclasses.replace(options, lean=True)
        plan = week_plan(frame, number, blocked, options)
    cut = within_ceiling(plan, top, tools, frame.rules)
    return cut, options != limits or cut is not plan
