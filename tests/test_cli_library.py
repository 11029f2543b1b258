"""`caveat library add | list | search | remove` on a real embedded Chroma library in a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

PAPERS = [
    {
        "doi": "10.5555/lib.0001",
        "title": "Night-shift work and sleep quality among hospital nurses",
        "journal": "Occupational Sleep",
        "year": 2025,
        "abstract": "We surveyed 820 nurses. Night shifts were associated with poorer sleep quality.",
    },
    {
        "doi": "10.5555/lib.0002",
        "title": "A seaweed extract lowers blood pressure in rats",
        "journal": "Marine Pharmacology",
        "published": "2024-02-01",
        "abstract": "Hypertensive rats fed the extract for six weeks had lower systolic pressure than controls.",
    },
]


def _caveat(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAVEAT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "caveat.cli", "library", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_add_list_search_remove(tmp_path: Path) -> None:
    files = []
    for i, paper in enumerate(PAPERS):
        f = tmp_path / f"p{i}.json"
        f.write_text(json.dumps(paper), encoding="utf-8")
        files.append(str(f))
    data = tmp_path / "data"
    added = _caveat(data, "add", *files)
    assert added.returncode == 0, added.stderr
    assert added.stdout.count("added ") == 2

    listed = _caveat(data, "list")
    assert "10.5555/lib.0001" in listed.stdout and "Marine Pharmacology" in listed.stdout

    found = _caveat(data, "search", "blood", "pressure", "in", "rodents", "-n", "1")
    assert found.returncode == 0 and "10.5555/lib.0002" in found.stdout
    assert "10.5555/lib.0001" not in found.stdout

    # a paper with full text: its passages are found too, each with its section and its paper
    with_text = tmp_path / "p2.json"
    full_text = [
        {"kind": "methods", "title": "Methods, Animals", "text": "Forty spontaneously hypertensive rats were used."},
        {"kind": "adverse-events", "title": "Results, Safety", "text": "Two rats had diarrhoea on the extract."},
    ]
    with_text.write_text(json.dumps({**PAPERS[1], "doi": "10.5555/lib.0003", "full_text": full_text}))
    assert _caveat(data, "add", str(with_text)).returncode == 0
    passages = _caveat(data, "search", "diarrhoea", "in", "rats", "-n", "1")
    assert passages.returncode == 0, passages.stderr
    lines = passages.stdout.splitlines()
    assert "passages:" in lines
    assert lines[lines.index("passages:") + 1].split("\t")[1:3] == ["10.5555/lib.0003", "Results, Safety"]

    removed = _caveat(data, "remove", "10.5555/lib.0001", "10.5555/nope")
    assert "removed 10.5555/lib.0001" in removed.stdout and "not in the library: 10.5555/nope" in removed.stdout
    assert "10.5555/lib.0001" not in _caveat(data, "list").stdout


def test_bad_library_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    proc = _caveat(tmp_path / "data", "add", str(bad))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "not valid JSON" in proc.stderr
    empty = _caveat(tmp_path / "data", "search")
    assert empty.returncode == 2 and "needs words" in empty.stderr
