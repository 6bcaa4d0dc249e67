"""The stylized facts of docs/ODD.md §1, as read by §11, each turned into
paired comparisons on the sweep file its sweep in scenarios/facts/ writes.

Outcomes are averaged over recorded weeks 261-520 (§1.3) unless a fact says
otherwise; rates are per 100 years of their exposure (§11 entry 59)."""
import collections
from dataclasses import dataclass, field

from .paired import Comparison
from .sweep_data import COMPLEXITIES, HELPER_TYPES, rate_per_100_years, weeks, weighted_mean, window_mean

WINDOW = weeks(261, 520)
SW = HELPER_TYPES.index("standard_worker")
FW = HELPER_TYPES.index("frontline_worker")
ONE, TWO, THREE_PLUS = (COMPLEXITIES.index(c) for c in COMPLEXITIES)


@dataclass
class Fact:
    key: str
    title: str
    statement: str
    comparisons: list = field(default_factory=list)
    arms: list = field(default_factory=list)  # (outcome, {arm label: (mean, low, high)})

    @property
    def passed(self):
        return all(c.passed for c in self.comparisons)


def _arm_table(outcome, labels, per_cell):
    from .paired import mean_interval
    return (outcome, {label: mean_interval(values) for label, values in zip(labels, per_cell)})


def sf1(data):
    labels = [f"backing {data.cell_value('bending.backing', c):g}" for c in range(data.cells)]
    sanctions = data.by_cell(rate_per_100_years(data, "sanctions", "open_cases", WINDOW))
    burnout = data.by_cell(rate_per_100_years(data, "bp_burnout_new", "best_persons_active", WINDOW))
    dropout = data.by_cell(rate_per_100_years(data, "bp_exits", "best_persons_active", WINDOW))
    fact = Fact("SF1", "Backing",
                "With backing = 0 (vs 1), the sanction rate per 100 open case-years, the burnout incidence of "
                "Best Persons and Best Person dropout (per 100 Best-Person-years) are all higher.")
    for name, values, unit in (("sanctions", sanctions, "per 100 open case-years"),
                               ("Best Person burnouts", burnout, "per 100 BP-years"),
                               ("Best Person dropout", dropout, "per 100 BP-years")):
        fact.arms.append(_arm_table(f"{name} ({unit})", labels, values))
        fact.comparisons.append(Comparison(f"{name} higher without backing", labels[0], labels[1],
                                           values[0], values[1], unit=unit))
    return fact


def sf2(data):
    rooms = [data.cell_value("bending.room", c) for c in range(data.cells)]
    labels = [f"room {r:g}" for r in rooms]
    gain = data.by_cell(weighted_mean(data, "closed_case_dp_mean", "cases_closed", WINDOW, THREE_PLUS))
    incidents = data.by_cell(rate_per_100_years(data, "incidents", "open_cases", WINDOW))
    fact = Fact("SF2", "Room, within limits",
                "Raising room from 0 to 0.5 raises the wellbeing gain of multi-problem households (fall in "
                "mean problem load of closed cases with 3+ domains at opening) and the bending incidents per "
                "100 open case-years; incidents rise at every step of room 0, 0.25, 0.5, 0.75, 1.")
    fact.arms.append(_arm_table("load fall of closed 3+ cases", labels, gain))
    fact.arms.append(_arm_table("incidents (per 100 open case-years)", labels, incidents))
    zero, half = rooms.index(0.0), rooms.index(0.5)
    fact.comparisons.append(Comparison("multi-problem gain higher at room 0.5 than 0", labels[half], labels[zero],
                                       gain[half], gain[zero]))
    for low in range(len(rooms) - 1):
        fact.comparisons.append(Comparison("incidents rise with room", labels[low + 1], labels[low],
                                           incidents[low + 1], incidents[low], unit="per 100 open case-years"))
    return fact


def sf3(data):
    # load_reduction_26wk is recorded every 26th week and NaN between: the
    # window mean skips the empty weeks.
    labels = ["protocol only", "improvisation only"]  # cells in sweep order
    by_class = {c: data.by_cell(window_mean(data, "load_reduction_26wk", WINDOW, c)) for c in (ONE, TWO, THREE_PLUS)}
    fact = Fact("SF3", "Protocol against improvisation",
                "Under protocol only, the 26-week fall in mean problem load is close to that under "
                "improvisation for single-problem households (within 20 %) but at least 40 % lower for "
                "households with 3+ domains; the gap grows with complexity.")
    for c, name in ((ONE, "1 domain"), (TWO, "2 domains"), (THREE_PLUS, "3+ domains")):
        fact.arms.append(_arm_table(f"26-week load fall, {name}", labels, by_class[c]))
    protocol, improvisation = 0, 1
    ratio = {c: by_class[c][protocol] / by_class[c][improvisation] for c in by_class}
    fact.comparisons.append(Comparison("single-problem: protocol within 20 % of improvisation", labels[0], labels[1],
                                       by_class[ONE][protocol], by_class[ONE][improvisation], kind="ratio",
                                       rule="within", threshold=(0.8, 1.2)))
    fact.comparisons.append(Comparison("3+ domains: protocol at least 40 % lower", labels[0], labels[1],
                                       by_class[THREE_PLUS][protocol], by_class[THREE_PLUS][improvisation],
                                       kind="ratio", rule="below", threshold=0.6))
    fact.comparisons.append(Comparison("the gap grows from 1 to 2 domains", "ratio at 1", "ratio at 2",
                                       ratio[ONE], ratio[TWO]))
    fact.comparisons.append(Comparison("the gap grows from 2 to 3+ domains", "ratio at 2", "ratio at 3+",
                                       ratio[TWO], ratio[THREE_PLUS]))
    return fact


def sf4(data):
    labels = ["local protocol", "foreign protocol"]  # protocol_source 0 = local, 2 = foreign
    protocol = data.by_cell(weighted_mean(data, "protocol_effectiveness", "protocol_case_weeks", WINDOW))
    improvise = data.by_cell(weighted_mean(data, "bp_improvise_effectiveness", "bp_improvise_case_weeks", WINDOW))
    fact = Fact("SF4", "Copied protocols",
                "When protocols are copied from a foreign context (distance 0.25), protocol effectiveness "
                "falls by more than 20 %; the effectiveness of Best Persons' improvisation changes by less "
                "than 5 %.")
    fact.arms.append(_arm_table("protocol effectiveness (realised M·B)", labels, protocol))
    fact.arms.append(_arm_table("Best Persons' improvisation effectiveness", labels, improvise))
    fact.comparisons.append(Comparison("protocol effectiveness falls by more than 20 %", labels[1], labels[0],
                                       protocol[1], protocol[0], kind="ratio", rule="below", threshold=0.8))
    fact.comparisons.append(Comparison("improvisation changes by less than 5 %", labels[1], labels[0],
                                       improvise[1], improvise[0], kind="ratio", rule="within",
                                       threshold=(0.95, 1.05)))
    return fact


def sf5(data):
    labels = ["ads", "scouts"]  # recruit_channel 0 = ads, 1 = scouts
    all_weeks = weeks(1, data.weeks)
    score = data.by_cell(weighted_mean(data, "hire_bp_score_mean", "hires", all_weeks))
    fit = data.by_cell(weighted_mean(data, "hire_fit_mean", "hires", all_weeks))
    fill = data.by_cell(weighted_mean(data, "time_to_fill_mean", "hires", all_weeks))
    year_10 = weeks(469, 520)
    multi = data.by_cell(window_mean(data, "multi_problem_share", year_10))
    fact = Fact("SF5", "Scouts against ads",
                "Hired by scouts rather than ads, new staff have a higher Best-Person score and fit, vacancies "
                "take longer to fill, and the multi-problem share in year 10 is lower (SF5 world: 3/8 of the "
                "baseline's caseworkers, bp_threshold 0.8).")
    for name, values in (("hires' Best-Person score", score), ("hires' fit", fit),
                         ("time to fill (weeks)", fill), ("multi-problem share, year 10", multi)):
        fact.arms.append(_arm_table(name, labels, values))
    fact.comparisons.append(Comparison("hires' Best-Person score higher with scouts", labels[1], labels[0],
                                       score[1], score[0]))
    fact.comparisons.append(Comparison("hires' fit higher with scouts", labels[1], labels[0], fit[1], fit[0]))
    fact.comparisons.append(Comparison("time to fill longer with scouts", labels[1], labels[0], fill[1], fill[0],
                                       unit="weeks"))
    fact.comparisons.append(Comparison("multi-problem share lower with scouts (year 10)", labels[0], labels[1],
                                       multi[0], multi[1]))
    return fact


def sf6(data):
    contacts = [data.cell_value("bending.contact_freq", c) for c in range(data.cells)]
    labels = [f"contact {c:g}/wk" for c in contacts]
    exhaustion = {t: data.by_cell(window_mean(data, "type_exhaustion_mean", WINDOW, t)) for t in (SW, FW)}
    burnout = {t: data.by_cell(rate_per_100_years(data, "type_burnout_new", "type_fte", WINDOW, t)) for t in (SW, FW)}
    fact = Fact("SF6", "Commitment and burnout",
                "At equal caseload (cap_fw = cap_sw), frontline-worker Best Persons have higher exhaustion and "
                "burnout incidence (per 100 FTE-years) than standard workers; raising manager contact from "
                "0.05 to 1 a week lowers their incidence by more than that of standard workers.")
    for name, t in (("standard workers", SW), ("frontline workers", FW)):
        fact.arms.append(_arm_table(f"exhaustion, {name}", labels, exhaustion[t]))
        fact.arms.append(_arm_table(f"burnouts per 100 FTE-years, {name}", labels, burnout[t]))
    low = contacts.index(min(contacts))
    high = contacts.index(max(contacts))
    fact.comparisons.append(Comparison("frontline workers more exhausted (contact 0.05/wk)", "FW", "SW",
                                       exhaustion[FW][low], exhaustion[SW][low]))
    fact.comparisons.append(Comparison("frontline workers burn out more (contact 0.05/wk)", "FW", "SW",
                                       burnout[FW][low], burnout[SW][low], unit="per 100 FTE-years"))
    drop_fw = burnout[FW][low] - burnout[FW][high]
    drop_sw = burnout[SW][low] - burnout[SW][high]
    fact.comparisons.append(Comparison("contact lowers FW burnout by more than SW burnout", "FW drop", "SW drop",
                                       drop_fw, drop_sw, unit="per 100 FTE-years"))
    return fact


# Claims the model does not reproduce, each with the cause measured in
# docs/ODD.md §9. They are reported beside the others, not hidden, and the
# check fails if one starts to hold, so that the finding gets revisited.
KNOWN_FINDINGS = {
    ("SF3", "the gap grows from 1 to 2 domains"):
        "with services that are not overloaded, the protocol matches improvisation for households with one "
        "and with two active domains alike (ratios 1.01 and 1.01); the gap opens only from three; "
        "docs/ODD.md §9",
}

# Claims the reduced world cannot settle (docs/ODD.md §9): effects too small
# for its few Best Persons and frontline workers (SF1's Best Persons'
# burnouts and dropout, SF4, SF6), and SF3's 3+ ratio, which sits on its
# 0.6 bound (0.59 on the default world, CI 0.586-0.595; 0.59, CI 0.57-0.61
# on the reduced one). On the reduced world they must not be contradicted;
# on the default world they must hold.
NEED_DEFAULT_WORLD = {
    ("SF1", "Best Person burnouts higher without backing"),
    ("SF1", "Best Person dropout higher without backing"),
    ("SF3", "single-problem: protocol within 20 % of improvisation"),
    ("SF3", "3+ domains: protocol at least 40 % lower"),
    ("SF4", "improvisation changes by less than 5 %"),
    ("SF6", "contact lowers FW burnout by more than SW burnout"),
}


def verdict(fact, comparison, scale):
    """What a claim's result means at this scale: "holds", "fails",
    "contradicted", "known finding", "finding resolved" or "undecided"."""
    key = (fact.key, comparison.claim)
    if key in KNOWN_FINDINGS:  # resolved only where the finding was made
        if not comparison.passed:
            return "known finding"
        return "finding resolved" if scale == "full" else "holds"
    if comparison.passed:
        return "holds"
    if scale == "reduced" and key in NEED_DEFAULT_WORLD:
        return "contradicted" if comparison.contradicted else "undecided"
    return "fails"


ACCEPTABLE = {"holds", "known finding", "undecided"}


def summary(fact, scale):
    """One table cell: whether the fact holds, and which claims do not."""
    if fact.passed:
        return "holds"
    tally = collections.Counter(verdict(fact, c, scale) for c in fact.comparisons)
    failing = {v: n for v, n in tally.items() if v != "holds"}
    text = ", ".join(f"{n} {v}" for v, n in sorted(failing.items()))
    return text if set(failing) <= ACCEPTABLE else f"**fails** ({text})"


def unknown_policies(facts):
    """Policy entries naming no claim of the evaluated facts (a renamed claim)."""
    claims = {(f.key, c.claim) for f in facts for c in f.comparisons}
    evaluated = {f.key for f in facts}
    return sorted(k for k in set(KNOWN_FINDINGS) | NEED_DEFAULT_WORLD if k[0] in evaluated and k not in claims)


# Each fact's evaluation and the sweep in scenarios/facts/ that it reads.
FACTS = {"SF1": (sf1, "sf1_backing.toml"), "SF2": (sf2, "sf2_room.toml"),
         "SF3": (sf3, "sf3_protocol_improvisation.toml"), "SF4": (sf4, "sf4_copied_protocol.toml"),
         "SF5": (sf5, "sf5_recruitment.toml"), "SF6": (sf6, "sf6_contact.toml")}
