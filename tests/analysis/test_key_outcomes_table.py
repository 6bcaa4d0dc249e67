"""scripts/gen-key-outcomes, which turns sim/engine/key_outcomes.def into the
table the package ships (analysis/key_outcomes.json); the ctest
key_outcomes_table_current checks that the committed table is up to date."""
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

from analysis.outcomes import KeyOutcome, key_outcomes

SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts/gen-key-outcomes"


def _generator():
    loader = SourceFileLoader("gen_key_outcomes", str(SCRIPT))  # a script without the .py suffix
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def test_a_malformed_definition_line_is_named():
    parse = _generator().parse
    with pytest.raises(ValueError, match="def:2: not a WIJKSIM_KEY_OUTCOME"):
        parse('// a comment\nWIJKSIM_KEY_OUTCOME(x, "y", share, count)\n', "test.def")
    with pytest.raises(ValueError, match="measure 'percent' is not one of"):
        parse('WIJKSIM_KEY_OUTCOME(x, "y", percent, count, lower)\n')


def test_the_shipped_table_holds_the_definition():
    generator = _generator()
    entries = generator.parse(generator.DEFINITION.read_text(encoding="utf-8"))
    assert key_outcomes() == tuple(KeyOutcome(**entry) for entry in entries)
