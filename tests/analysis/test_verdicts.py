"""How a claim's result is judged (analysis/facts.verdict): claims that need
the default world are only required not to be contradicted on the reduced
world, and a known finding that starts to hold is flagged."""
import unittest

import numpy as np

from analysis import facts
from analysis.facts import Fact, verdict
from analysis.paired import Comparison

RNG = np.random.default_rng(11)
BASE = RNG.normal(10.0, 3.0, 30)
ZERO_MEAN = np.tile([-0.5, 0.5], 15)


def claim(name, shift):
    return Comparison(name, "a", "b", BASE + shift + ZERO_MEAN, BASE)


class Verdicts(unittest.TestCase):
    def test_an_ordinary_claim_holds_or_fails_at_every_scale(self):
        fact = Fact("SFX", "test", "")
        for scale in ("reduced", "full"):
            self.assertEqual(verdict(fact, claim("c", 2.0), scale), "holds")
            self.assertEqual(verdict(fact, claim("c", 0.0), scale), "fails")
            self.assertEqual(verdict(fact, claim("c", -2.0), scale), "fails")

    def test_a_claim_needing_the_default_world_is_undecided_only_on_the_reduced_world(self):
        key, name = sorted(facts.NEED_DEFAULT_WORLD)[0]
        fact = Fact(key, "test", "")
        self.assertEqual(verdict(fact, claim(name, 0.0), "reduced"), "undecided")
        self.assertEqual(verdict(fact, claim(name, -2.0), "reduced"), "contradicted")
        self.assertEqual(verdict(fact, claim(name, 0.0), "full"), "fails")
        self.assertEqual(verdict(fact, claim(name, 2.0), "reduced"), "holds")
        self.assertNotIn("contradicted", facts.ACCEPTABLE)

    def test_a_known_finding_is_reported_and_flagged_once_it_holds(self):
        (key, name), _ = next(iter(facts.KNOWN_FINDINGS.items()))
        fact = Fact(key, "test", "")
        self.assertEqual(verdict(fact, claim(name, 0.0), "full"), "known finding")
        self.assertEqual(verdict(fact, claim(name, 2.0), "full"), "finding resolved")
        self.assertEqual(verdict(fact, claim(name, 2.0), "reduced"), "holds")  # found on the default world
        self.assertNotIn("finding resolved", facts.ACCEPTABLE)

    def test_a_policy_naming_no_claim_of_its_fact_is_found(self):
        (key, name), _ = next(iter(facts.KNOWN_FINDINGS.items()))
        fact = Fact(key, "test", "", comparisons=[claim("another claim", 1.0)])
        self.assertIn((key, name), facts.unknown_policies([fact]))
        fact.comparisons.append(claim(name, 1.0))
        self.assertNotIn((key, name), facts.unknown_policies([fact]))


if __name__ == "__main__":
    unittest.main()
