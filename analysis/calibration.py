"""The calibration targets of docs/ODD.md §6 and of access to help, measured on
the baseline after burn-in (recorded weeks 261-520, as the stylized facts),
and the drift check of §11 entry 62 (recorded year 1 against year 10)."""
from dataclasses import dataclass

import numpy as np

from .paired import mean_interval
from .sweep_data import HELPER_TYPES, weeks, window_mean

WINDOW = weeks(261, 520)
SW = HELPER_TYPES.index("standard_worker")


@dataclass
class Target:
    name: str
    source: str  # where the target comes from, [E] empirical or [A] assumed
    low: float
    high: float
    values: np.ndarray  # one per replicate
    unit: str = ""

    @property
    def interval(self):
        return mean_interval(self.values)

    @property
    def met(self):
        return self.low <= self.interval.mean <= self.high


def leave_weeks(data):
    """Mean length of a burnout leave by Little's law: helpers on leave (a
    stock) divided by the weekly flow into leave, which is the burnouts that
    do not end in leaving for good (share exit_on_burnout)."""
    on_leave = window_mean(data, "helpers_on_leave", WINDOW)
    into_leave = window_mean(data, "burnout_new", WINDOW) * (1.0 - data.parameter("exit_on_burnout"))
    return on_leave / np.where(into_leave > 0, into_leave, np.nan)


def households(data):
    return data.parameter("n_neighbourhoods") * data.parameter("households_per_nbh")


# Where the access targets come from: waiting for a first caseworker is
# registration to intake in the Dutch services that count it. The share
# waiting follows from Little's law (share = applications per household and
# week x mean wait): NVVK debt counselling (about 89,000 sign-ups a year,
# 11 days) gives 0.03 % of households, GGZ waiting lists at most 1.2 % (NZa,
# 97,450 waiting places, December 2023), youth care 0.3-1.7 %.
WAIT_SOURCE = ("1–13 weeks: debt counselling 11 days to a first talk (NVVK 2019–2022 [E]) and at most 4 weeks by "
               "law (Wgs [E]); GGZ intake within 4 weeks (Treeknorm [E]); neighbourhood teams 3–12 weeks "
               "(local reports [E]); under a quarter of a year [A]")
WAITING_SOURCE = ("0.5–5 % of households: 0.03 % for debt counselling, up to 1.2 % for GGZ (NZa 2023 [E]) and "
                  "0.3–1.7 % for youth care by Little's law [E]; higher in disadvantaged neighbourhoods, "
                  "under 5 % [A]")


def targets(data):
    year_1 = window_mean(data, "multi_problem_share", weeks(1, 52))
    year_10 = window_mean(data, "multi_problem_share", weeks(469, 520))
    return [
        Target("problematic-debt share", "12–18 % in disadvantaged neighbourhoods [A] (7.6 % nationally, CBS 2020 [E])",
               0.12, 0.18, window_mean(data, "debt_problem_share", WINDOW)),
        Target("multi-problem share (3+ domains)", "4–8 % [A] (NJi 2017 [E] for the national figure)",
               0.04, 0.08, window_mean(data, "multi_problem_share", WINDOW)),
        Target("standard workers with burnout complaints (E ≥ 0.6)", "15–25 % [A] (TNO 16 % of employees, 2017 [E])",
               0.15, 0.25, window_mean(data, "type_complaints_share", WINDOW, SW)),
        Target("length of a burnout leave", "26–45 weeks (ArboNed 242 days [E]; leave_mean_weeks 35)",
               26, 45, leave_weeks(data), "weeks"),
        Target("standard workers' caseload", "15–24 cases (norm 15, family guardians 24 [E])",
               15, 24, window_mean(data, "type_caseload_mean", WINDOW, SW), "cases"),
        Target("trust in institutions", "0.35–0.65: initial 0.45 in target neighbourhoods [A]; 58 % trust "
               "others, ~70 % trust police and judges (CBS 2015 [E])", 0.35, 0.65, window_mean(data, "trust_mean", WINDOW)),
        Target("households waiting for a caseworker", WAITING_SOURCE, 0.005, 0.05,
               window_mean(data, "queue_length", WINDOW) / households(data)),
        Target("mean wait for a first caseworker", WAIT_SOURCE, 1.0, 13.0,
               window_mean(data, "queue_wait_mean", WINDOW), "weeks"),
        Target("multi-problem drift, year 10 against year 1", "at most 10 % (relative) — §11 entry 62",
               -0.10, 0.10, year_10 / year_1 - 1.0),
    ]
