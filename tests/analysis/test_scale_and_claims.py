"""The statistics behind the equivalence of world sizes (TOST), the
replicate budget, the classroom cards' link to the claims tested, and the
levers' relative effects, on known answers."""
import numpy as np
import pytest

from analysis import classroom_claims, lever_effects, scale_invariance
from analysis.scale_invariance import Outcome, World, tost


def test_tost_shows_equivalence_of_equal_samples_and_not_of_a_shift_beyond_the_margin():
    rng = np.random.default_rng(3)
    reference = 0.10 + 0.002 * rng.standard_normal(40)
    same = 0.10 + 0.002 * rng.standard_normal(40)
    relative = Outcome("multi_problem_share", "share")
    assert tost(relative, same, reference).equivalent
    shifted = same + 0.012  # 12 % of the reference: beyond the 10 % margin
    result = tost(relative, shifted, reference)
    assert not result.equivalent
    assert result.low > 0.01  # the interval sits around the shift


def test_tost_interval_is_the_welch_90_percent_interval():
    world, reference = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 3.0, 3.0, 4.0, 4.0])
    result = tost(Outcome("x", "level"), world, reference)
    va, vb = world.var(ddof=1) / 4, reference.var(ddof=1) / 6
    df = (va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 5)
    from scipy import stats
    half = stats.t.ppf(0.95, df) * np.sqrt(va + vb)
    assert result.low == pytest.approx(-0.5 - half)
    assert result.high == pytest.approx(-0.5 + half)
    assert result.margin == pytest.approx(0.1 * 3.0)


def test_the_waiting_share_has_an_absolute_margin_of_two_points():
    waiting = next(o for o in scale_invariance.OUTCOMES if o.name == "waiting_share")
    assert waiting.margin(0.001) == pytest.approx(0.02)
    assert waiting.margin(0.3) == pytest.approx(0.02)


def test_worlds_are_named_as_neighbourhoods_by_households_and_a_typo_is_refused():
    assert scale_invariance.parse_worlds("4x500, 20X2500") == [World(4, 500), World(20, 2500)]
    with pytest.raises(Exception, match="'4by500' is not NEIGHBOURHOODSxHOUSEHOLDS"):
        scale_invariance.parse_worlds("4by500")


def test_settings_for_every_world_give_its_runs_their_own_file(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(scale_invariance, "run_world",
                        lambda binary, world, *rest: ran.append(world) or str(tmp_path / world.file_name))
    monkeypatch.setattr(scale_invariance, "compare", lambda worlds, reference, outcomes, paths: ({}, {}))
    scale_invariance.main(["--worlds", "4x500", "--set", "institutions.staff_follows=need",
                           "--results", str(tmp_path)])
    setting = ("institutions.staff_follows=need",)
    assert ran == [World(4, 2500, setting), World(4, 500, setting)]
    assert ran[1].file_name == "4x500-institutions.staff_follows-need.h5"


def test_small_worlds_get_more_replicates_and_the_reference_twice_as_many():
    small, reference = World(4, 500), World(4, 2500)
    assert scale_invariance.replicates_for(small, 400_000, reference) == 200
    assert scale_invariance.replicates_for(reference, 400_000, reference) == 80
    assert scale_invariance.replicates_for(World(20, 2500), 100_000, reference) == scale_invariance.MIN_REPLICATES


def test_the_cards_on_the_page_are_the_experiments_tested(tmp_path):
    assert classroom_claims.cards_match()
    page = open(classroom_claims.PAGE, encoding="utf-8").read()
    changed = tmp_path / "index.html"
    changed.write_text(page.replace('{"bending.backing": 0}', '{"bending.backing": 0.2}'), encoding="utf-8")
    assert not classroom_claims.cards_match(str(changed))


def test_every_claim_belongs_to_an_experiment_on_the_page():
    keys = {e.key for e in classroom_claims.EXPERIMENTS}
    assert {c.experiment for c in classroom_claims.CLAIMS} == keys
    assert all(c.first_week >= 1 and c.last_week <= classroom_claims.LESSON_WEEKS for c in classroom_claims.CLAIMS)


def test_a_lever_effect_is_the_mean_relative_change_over_paired_replicates(tmp_path, monkeypatch):
    base = np.array([0.10, 0.12, 0.08])
    moved = np.array([0.09, 0.108, 0.072])  # 10 % lower in every replicate
    means = {"baseline": base}
    for lever in lever_effects.LEVERS:
        means[lever.label] = moved
    monkeypatch.setattr(lever_effects, "load", lambda path: path)  # each "file" stands for its own dataset
    monkeypatch.setattr(lever_effects, "window_mean", lambda ds, metric: means[ds])
    table = lever_effects.effects({key: key for key in means})
    effect = table[lever_effects.LEVERS[0].label]["multi_problem_share"]
    assert effect.mean == pytest.approx(-0.10)
    assert effect.low == pytest.approx(-0.10) and effect.high == pytest.approx(-0.10)
