"""The paired-comparison machinery behind docs/VALIDATION.md, on numbers
whose answer is known: intervals, the three rules, and that a claim with a
direction fails with its arms swapped."""
import unittest

import numpy as np
from scipy import stats

from analysis.paired import Comparison, mean_interval


class MeanInterval(unittest.TestCase):
    def test_t_interval_matches_a_direct_computation(self):
        values = np.array([1.0, 2.0, 4.0, 7.0, 11.0])
        interval = mean_interval(values)
        half = stats.t.ppf(0.975, 4) * values.std(ddof=1) / np.sqrt(5)
        self.assertAlmostEqual(interval.mean, 5.0)
        self.assertAlmostEqual(interval.low, 5.0 - half)
        self.assertAlmostEqual(interval.high, 5.0 + half)
        self.assertEqual(interval.n, 5)

    def test_missing_values_are_left_out(self):
        self.assertEqual(mean_interval([1.0, np.nan, 3.0]).n, 2)

    def test_no_spread_gives_a_point(self):
        interval = mean_interval([4.0, 4.0, 4.0])
        self.assertEqual((interval.low, interval.high), (4.0, 4.0))


class Rules(unittest.TestCase):
    rng = np.random.default_rng(7)

    def arms(self, shift, n=30):
        common = self.rng.normal(10.0, 3.0, n)  # what the shared seed makes common to both arms
        return common + shift + self.rng.normal(0, 0.2, n), common

    def test_a_clear_difference_holds_and_fails_swapped(self):
        a, b = self.arms(1.0)
        c = Comparison("a above b", "a", "b", a, b)
        self.assertTrue(c.passed)
        self.assertFalse(c.reversed_passed)

    def test_pairing_sees_what_unpaired_spread_would_hide(self):
        a, b = self.arms(0.3)
        self.assertTrue(Comparison("paired", "a", "b", a, b).passed)
        shuffled = np.roll(b, 1)  # pairs broken
        self.assertFalse(Comparison("unpaired", "a", "b", a, shuffled).passed)

    def test_no_difference_fails_both_ways(self):
        a, b = self.arms(0.0)
        c = Comparison("a above b", "a", "b", a, b)
        self.assertFalse(c.passed)
        self.assertFalse(c.reversed_passed)

    def test_ratio_below_a_threshold(self):
        b = self.rng.uniform(1.0, 2.0, 30)
        self.assertTrue(Comparison("a 40 % lower", "a", "b", 0.5 * b, b, kind="ratio", rule="below",
                                   threshold=0.6).passed)
        self.assertFalse(Comparison("a 40 % lower", "a", "b", 0.7 * b, b, kind="ratio", rule="below",
                                    threshold=0.6).passed)

    def test_within_has_no_direction(self):
        b = self.rng.uniform(1.0, 2.0, 30)
        c = Comparison("within 5 %", "a", "b", b * 1.01, b, kind="ratio", rule="within", threshold=(0.95, 1.05))
        self.assertTrue(c.passed)
        self.assertIsNone(c.reversed_passed)
        self.assertFalse(Comparison("within 5 %", "a", "b", b * 1.2, b, kind="ratio", rule="within",
                                    threshold=(0.95, 1.05)).passed)

    def test_only_an_interval_wholly_on_the_wrong_side_contradicts(self):
        a, b = self.arms(1.0)
        self.assertTrue(Comparison("b above a", "b", "a", b, a).contradicted)
        self.assertFalse(Comparison("a above b", "a", "b", a, b).contradicted)
        b = self.rng.normal(10.0, 3.0, 30)
        undecided = Comparison("a above b", "a", "b", b + np.tile([-0.5, 0.5], 15), b)  # mean difference 0
        self.assertFalse(undecided.passed or undecided.contradicted)
        ratio = self.rng.uniform(1.0, 2.0, 30)
        self.assertTrue(Comparison("a 40 % lower", "a", "b", 0.8 * ratio, ratio, kind="ratio", rule="below",
                                   threshold=0.6).contradicted)
        self.assertTrue(Comparison("within 5 %", "a", "b", ratio * 1.2, ratio, kind="ratio", rule="within",
                                   threshold=(0.95, 1.05)).contradicted)
        self.assertFalse(Comparison("within 5 %", "a", "b", ratio * 1.03 + self.rng.normal(0, 0.2, 30), ratio,
                                    kind="ratio", rule="within", threshold=(0.95, 1.05)).contradicted)


if __name__ == "__main__":
    unittest.main()
