"""Paired comparisons over replicates (common random numbers: replicate i
has the same seed in every arm), with 95 % confidence intervals."""
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import stats


@dataclass
class Interval:
    mean: float
    low: float
    high: float
    n: int


def mean_interval(values, level=0.95):
    """Mean and its t-interval; a zero spread gives a point interval."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    n = len(values)
    if n == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    mean = float(values.mean())
    if n < 2:
        return Interval(mean, float("nan"), float("nan"), n)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / np.sqrt(n))
    return Interval(mean, mean - half, mean + half, n)


def cut_at_zero(interval):
    """The interval of a mean that cannot be negative (of counts, or of
    shares), its lower end raised to zero where the t-interval reaches below
    it. Only impossible values are cut away, so the interval covers the true
    mean at least as often as the t-interval does; a cut says that the
    t-interval's normal approximation is poor there (few runs of rare
    events)."""
    if not interval.low < 0.0:
        return interval
    return replace(interval, low=0.0)


@dataclass
class Comparison:
    """A claim about arm A against arm B, tested on paired replicates.

    kind "difference": the statistic is A - B per replicate; "ratio": A / B.
    rule "above" t: the interval lies above t; "below" t: below t;
    "within" (lo, hi): inside (lo, hi).
    """
    claim: str
    a_label: str
    b_label: str
    a: np.ndarray
    b: np.ndarray
    kind: str = "difference"
    rule: str = "above"
    threshold: object = 0.0
    unit: str = ""
    interval: Interval = field(init=False)
    passed: bool = field(init=False)
    reversed_passed: object = field(init=False)  # None where the claim has no direction
    contradicted: bool = field(init=False)  # the interval lies wholly where the claim is false

    def __post_init__(self):
        self.a = np.asarray(self.a, dtype=float)
        self.b = np.asarray(self.b, dtype=float)
        self.interval = mean_interval(self._statistic(self.a, self.b))
        self.passed = self._holds(self.interval)
        self.contradicted = self._refuted(self.interval)
        # The opposite arms must give the opposite answer, or the test could
        # not fail: a claim with a direction is checked with A and B swapped.
        if self.rule == "within":
            self.reversed_passed = None
        else:
            swapped = mean_interval(self._statistic(self.b, self.a))
            self.reversed_passed = self._holds(swapped)

    def _statistic(self, a, b):
        if self.kind == "ratio":
            with np.errstate(divide="ignore", invalid="ignore"):
                return a / b
        return a - b

    def _holds(self, interval):
        if not np.isfinite(interval.low):
            return False
        if self.rule == "above":
            return interval.low > self.threshold
        if self.rule == "below":
            return interval.high < self.threshold
        lo, hi = self.threshold
        return lo < interval.low and interval.high < hi

    def _refuted(self, interval):
        if not np.isfinite(interval.low):
            return False
        if self.rule == "above":
            return interval.high <= self.threshold
        if self.rule == "below":
            return interval.low >= self.threshold
        lo, hi = self.threshold
        return interval.high <= lo or interval.low >= hi

    @property
    def statistic_name(self):
        return f"{self.a_label} / {self.b_label}" if self.kind == "ratio" else f"{self.a_label} − {self.b_label}"

    @property
    def criterion(self):
        if self.rule == "within":
            return f"95 % CI inside ({self.threshold[0]:g}, {self.threshold[1]:g})"
        return f"95 % CI {'above' if self.rule == 'above' else 'below'} {self.threshold:g}"
