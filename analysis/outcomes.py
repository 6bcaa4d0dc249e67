"""The key outcomes a policy comparison reports, and the plain-language
sentence that says a difference in words.

Their one definition is sim/engine/key_outcomes.def, which `wijksim compare`
compiles in; the package ships it as data (key_outcomes.json, written by
scripts/gen-docs, with a test that fails when the two differ), so that it
works wherever it is installed, not only inside the source tree."""
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# What one recorded unit becomes when reported: shares in percent (their
# differences in percentage points), weekly event counts as events per year.
SCALES = {"share": 100.0, "level": 1.0, "per_year": 52.0}
UNITS = {"share": "percentage points", "level": "", "per_year": "per year"}
LEVEL_UNITS = {"share": "%", "level": "", "per_year": "per year"}
WORDS = {"count": ("fewer", "more"), "level": ("lower", "higher")}
BETTER = ("lower", "higher", "neither")

MINUS = "\u2212"
TABLE = "key_outcomes.json"  # beside this module


@dataclass(frozen=True)
class KeyOutcome:
    metric: str
    subject: str
    measure: str  # share | level | per_year
    wording: str  # count | level
    better: str  # lower | higher | neither

    @property
    def scale(self):
        return SCALES[self.measure]

    @property
    def unit(self):
        """The unit of a difference between two values of the outcome."""
        return UNITS[self.measure]

    @property
    def level_unit(self):
        """The unit of the outcome's own value, as a table of levels shows it."""
        return LEVEL_UNITS[self.measure]

    @property
    def level_label(self):
        """The outcome in words with its unit, for an axis: "multi-problem households (%)"."""
        return f"{self.subject} ({self.level_unit})" if self.level_unit else self.subject

    @property
    def counts(self):
        """Whether the outcome counts households, events or helpers (said as
        "fewer" or "more"), in number or as a share: it cannot be below zero."""
        return self.wording == "count"


@lru_cache(maxsize=None)
def key_outcomes():
    """The key outcomes of sim/engine/key_outcomes.def, in its order."""
    table = json.loads(resources.files(__package__).joinpath(TABLE).read_text(encoding="utf-8"))
    return tuple(KeyOutcome(**entry) for entry in table["key_outcomes"])


def key_outcome(metric):
    """The key outcome of a metric; ValueError naming the known ones otherwise."""
    for outcome in key_outcomes():
        if outcome.metric == metric:
            return outcome
    raise ValueError(f"{metric!r} is not a key outcome; key outcomes are "
                     f"{', '.join(o.metric for o in key_outcomes())}")


ROUNDING_NOISE = 1e-9  # as kRoundingNoise in sim/engine/key_outcomes.h


def number(value, signed=False):
    """A reported number as the C++ writes it (format_reported): three
    significant digits (printf's %.3g; whole numbers from 1000 on), a true
    minus sign, a "+" on a positive value if signed, "n/a" for NaN."""
    value = float(value)
    if not math.isfinite(value):
        return "n/a"
    magnitude = abs(value)
    if magnitude < ROUNDING_NOISE:  # the rounding left by subtracting equal numbers
        return "0"
    digits = "%.0f" % magnitude if magnitude >= 1000.0 else "%.3g" % magnitude
    if digits == "0":  # a value that rounds to zero has no sign
        return digits
    if value < 0:
        return MINUS + digits
    return "+" + digits if signed else digits


def sentence(outcome, interval):
    """The difference B − A of one outcome in words, e.g. "fewer
    multi-problem households: −1.8 percentage points, 95 % CI −2.3 to −1.3".

    interval is (difference, low, high) of its 95 % CI, or an object with
    mean, low and high (analysis.paired.Interval), in reported units.
    """
    difference, low, high = _triple(interval)
    fewer, more = WORDS[outcome.wording]
    if low > 0:
        text = f"{more} {outcome.subject}"
    elif high < 0:
        text = f"{fewer} {outcome.subject}"
    else:
        text = f"no clear difference in {outcome.subject}"
    text += f": {number(difference, signed=True)}"
    if outcome.unit:
        text += f" {outcome.unit}"
    if math.isfinite(low):
        return f"{text}, 95 % CI {number(low)} to {number(high)}"
    return f"{text} (one pair: no confidence interval)"


def direction(better, low, high):
    """"better", "worse" or "unclear" for a difference B − A with 95 % CI
    (low, high) of an outcome whose `better` is lower, higher or neither."""
    if better == "neither" or not (low > 0 or high < 0):
        return "unclear"
    return "better" if (low > 0) == (better == "higher") else "worse"


def _triple(interval):
    if hasattr(interval, "mean"):
        return float(interval.mean), float(interval.low), float(interval.high)
    difference, low, high = interval
    return float(difference), float(low), float(high)
