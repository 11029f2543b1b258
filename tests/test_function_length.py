"""No function over 60 lines outside the tests (`make lint` runs this file too).

A function that long hides its stages: the reader has to hold all of it to change any of it, and a review or a
lookup that is one long body cannot be tested a stage at a time. Lines are counted from `def` to the last line of
the body, docstring included, decorators not.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 60

# Long functions still waiting for their split, as "path::name". Keep this empty: it exists only so that work in
# progress elsewhere does not block the check for everything else.
KNOWN_LONG: set[str] = set()
"""Functions allowed over the limit, each with its reason; empty, and it should stay so."""


def source_files(root: Path = ROOT) -> list[Path]:
    return sorted([*(root / "caveat").rglob("*.py"), *(root / "retrieval").rglob("*.py"), root / "app.py"])


def long_functions(root: Path = ROOT, limit: int = LIMIT) -> dict[str, int]:
    """Every function or method longer than `limit` lines, as {"path::name": lines}."""
    found: dict[str, int] = {}
    for path in source_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    found[f"{path.relative_to(root).as_posix()}::{node.name}"] = lines
    return found


def test_no_function_is_over_60_lines() -> None:
    too_long = {name: lines for name, lines in long_functions().items() if name not in KNOWN_LONG}
    assert too_long == {}, f"split these (limit {LIMIT} lines): {too_long}"


def test_the_count_sees_a_long_function_and_its_methods(tmp_path: Path) -> None:
    (tmp_path / "caveat").mkdir()
    (tmp_path / "retrieval").mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    (tmp_path / "caveat" / "a.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n")
    method = "\n".join(f"        y{i} = {i}" for i in range(59))
    (tmp_path / "retrieval" / "b.py").write_text(f"class C:\n    async def m(self):\n{method}\n")
    (tmp_path / "app.py").write_text("def page():\n    pass\n")
    assert long_functions(tmp_path) == {"caveat/a.py::long": 61}
    assert long_functions(tmp_path, limit=59) == {"caveat/a.py::long": 61, "retrieval/b.py::m": 60}
