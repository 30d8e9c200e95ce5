"""API models and the mappers between them and the engine: the only place the two meet.

Request models are strict where coercion would accept nonsense (a boolean for a number, a number
for a date) and forbid unknown fields so that a typo is an error, not a silently ignored wish.

One module per resource; every name is re-exported here, so `from app.schemas import X` works:
    fields      shared field types (dates in range, ids and names)
    profile     the runner's week (RunnerProfileIn) and its mapping to the engine
    plan_out    a week plan as answered
    plans       saved plans
    catalogue   exercises, equipment, alternatives
    programmes  the programme request and answer, saved programmes
    logs        session logs, swaps, the next week
    load        training load (planned against logged)
    fit         the session body of POST /v1/workouts/fit
"""

from __future__ import annotations

from app.plan_json import plan_to_dict
from app.schemas.catalogue import (
    AlternativeList,
    AlternativeOut,
    EquipmentList,
    EquipmentOut,
    ExerciseOut,
    ExercisePage,
    catalogue_dicts,
    exercise_to_dict,
)
from app.schemas.fields import FIRST_DATE, LAST_DATE, AthleteId, IsoDate, PlanName
from app.schemas.load import TrainingLoadOut, WeekLoadOut
from app.schemas.logs import (
    ExerciseLogIn,
    NextWeekOut,
    SessionLogIn,
    SessionLogList,
    SessionLogOut,
    SwapIn,
    prescription_dict,
    prescription_from_dict,
)
from app.schemas.plan_out import (
    DayOut,
    IntensityName,
    LoadOut,
    PrescriptionOut,
    ProgressionOut,
    RunOut,
    SessionOut,
    SuggestedLoadOut,
    TargetOut,
    WarningOut,
    WeekPlanOut,
)
from app.schemas.plans import (
    SavedPlanCreate,
    SavedPlanListItem,
    SavedPlanOut,
    SavedPlanPage,
    SavedPlanUpdate,
)
from app.schemas.profile import (
    PROFILE_EXAMPLE,
    InjuryIn,
    LoadEquipment,
    RunIn,
    RunnerProfileIn,
)
from app.schemas.programmes import (
    PROGRAMME_EXAMPLE,
    PhaseBlockOut,
    ProgrammeOut,
    ProgrammeRequest,
    ProgrammeSummaryOut,
    ProgrammeWeekOut,
    SavedProgrammeCreate,
    SavedProgrammeListItem,
    SavedProgrammeOut,
    SavedProgrammePage,
    SavedProgrammeUpdate,
    WeekSummaryOut,
    programme_to_dict,
    summary_of,
    week_to_dict,
)

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "PROFILE_EXAMPLE",
    "PROGRAMME_EXAMPLE",
    "AlternativeList",
    "AlternativeOut",
    "AthleteId",
    "DayOut",
    "EquipmentList",
    "EquipmentOut",
    "ExerciseLogIn",
    "ExerciseOut",
    "ExercisePage",
    "InjuryIn",
    "IntensityName",
    "IsoDate",
    "LoadEquipment",
    "LoadOut",
    "NextWeekOut",
    "PhaseBlockOut",
    "PlanName",
    "PrescriptionOut",
    "ProgrammeOut",
    "ProgrammeRequest",
    "ProgrammeSummaryOut",
    "ProgrammeWeekOut",
    "ProgressionOut",
    "RunIn",
    "RunOut",
    "RunnerProfileIn",
    "SavedPlanCreate",
    "SavedPlanListItem",
    "SavedPlanOut",
    "SavedPlanPage",
    "SavedPlanUpdate",
    "SavedProgrammeCreate",
    "SavedProgrammeListItem",
    "SavedProgrammeOut",
    "SavedProgrammePage",
    "SavedProgrammeUpdate",
    "SessionLogIn",
    "SessionLogList",
    "SessionLogOut",
    "SessionOut",
    "SuggestedLoadOut",
    "SwapIn",
    "TargetOut",
    "TrainingLoadOut",
    "WarningOut",
    "WeekLoadOut",
    "WeekPlanOut",
    "WeekSummaryOut",
    "catalogue_dicts",
    "exercise_to_dict",
    "plan_to_dict",
    "prescription_dict",
    "prescription_from_dict",
    "programme_to_dict",
    "summary_of",
    "week_to_dict",
]
