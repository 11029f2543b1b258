"""The README's "Faults" table is the one `caveat.core.limits` generates: a bound cannot change silently."""

from __future__ import annotations

import re
from pathlib import Path

from caveat.core.limits import LIMITS, faults_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_faults_table_matches_the_limits_module() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- faults-table[^>]*-->\n(.*?)\n<!-- /faults-table -->", text, re.DOTALL)
    assert found, "README has no faults table between its markers"
    assert found.group(1).strip() == faults_table(), "README faults table is stale; paste faults_table() output"


def test_every_limit_is_positive_and_described() -> None:
    names = [lim.name for lim in LIMITS]
    assert len(names) == len(set(names))
    for lim in LIMITS:
        assert lim.value > 0 and lim.what.endswith("."), lim
