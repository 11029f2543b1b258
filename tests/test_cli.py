"""The command line, end to end: real files in, a review out, bad input refused in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caveat.cli import main
from caveat.core.models import CHECK_IDS, Review
from caveat.core.paths import shared_dir
from caveat.desk.actions import demo_inputs

SEED = shared_dir() / "data" / "seed"


@pytest.fixture
def demo_files(tmp_path: Path) -> tuple[Path, Path]:
    text, paper = demo_inputs()
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    paper_file = tmp_path / "paper.json"
    paper_file.write_text(paper.model_dump_json(), encoding="utf-8")
    return article, paper_file


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_review_has_the_promised_shape(demo_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    article, paper = demo_files
    code, out, _ = run(["check", str(article), "--paper", str(paper), "--offline", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    text = article.read_text(encoding="utf-8")
    assert data["flags"], "the demo article is full of overclaims"
    for flag in data["flags"]:
        assert flag["check"] in CHECK_IDS
        assert flag["severity"] in ("high", "medium", "low")
        assert {"message", "evidence", "suggestion", "engine"} <= set(flag)
        span = flag["article_span"]
        assert text[span["start"] : span["end"]] == span["text"]
    assert len(data["checklist"]) == 12 and all("status" in item for item in data["checklist"])
    review = Review.model_validate_json(out)
    assert Review.model_validate_json(review.model_dump_json()) == review


def test_markdown_is_the_readable_checklist(demo_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    article, paper = demo_files
    code, out, _ = run(["check", str(article), "--paper", str(paper), "--offline"], capsys)
    assert code == 0
    assert "Checklist" in out and "hype" in out


def test_abstract_file_replaces_the_abstract(demo_files: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    article, paper = demo_files
    abstract = tmp_path / "abstract.txt"
    abstract.write_text("We report a trial in 30 people. Tinnitus fell by 8 out of 10 points.", encoding="utf-8")
    code, out, _ = run(
        ["check", str(article), "--paper", str(paper), "--abstract", str(abstract), "--offline", "--format", "json"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["paper"]["abstract"].startswith("We report a trial in 30 people")
    assert data["paper"]["sources"]["abstract"] == "editor"


def test_output_file_and_stdin(demo_files: tuple[Path, Path], tmp_path: Path, monkeypatch, capsys) -> None:
    article, _ = demo_files
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(article.read_bytes())))
    out_file = tmp_path / "r.json"
    code, out, _ = run(["check", "-", "--offline", "--format", "json", "-o", str(out_file)], capsys)
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text())["article"]["source"] == "stdin"


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["check", "{tmp}/nope.txt"], "not found"),
        ("empty", ["check", "{tmp}/a.txt"], "empty"),
        ("blank", ["check", "{tmp}/a.txt"], "empty"),
        ("binary", ["check", "{tmp}/a.txt"], "binary"),
        ("ok", ["check", "{tmp}/a.txt", "--paper", "{tmp}/bad.json"], "not valid JSON"),
        ("ok", ["check", "{tmp}/a.txt", "--paper", "{tmp}/missing.json"], "not found"),
        ("ok", ["check", "{tmp}/a.txt", "--format", "rtf"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, setup: str | None, args: list[str], message: str) -> None:
    article = tmp_path / "a.txt"
    if setup == "empty":
        article.write_text("")
    elif setup == "blank":
        article.write_text("  \n\t\n ")
    elif setup == "binary":
        article.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    elif setup == "ok":
        article.write_text("Coffee linked to longer life\n\nPeople who drink coffee lived longer.\n")
        (tmp_path / "bad.json").write_text("{oops")
    cmd = [sys.executable, "-m", "caveat.cli", *[a.format(tmp=tmp_path) for a in args]]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CAVEAT_APIS__OFFLINE": "true"})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0] and "Traceback" not in proc.stderr


@pytest.mark.skipif(not (SEED / "expected.json").is_file(), reason="../shared/data/seed is absent (a user's clone)")
@pytest.mark.subprocess
def test_seed_reference_case() -> None:
    """The reference case of the issue, run exactly as written there (offline: tests never use the network)."""
    expected = json.loads((SEED / "expected.json").read_text())
    cmd = [
        sys.executable,
        "-m",
        "caveat.cli",
        "check",
        str(SEED / "article.txt"),
        "--paper",
        str(SEED / "paper.json"),
        "--format",
        "json",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CAVEAT_APIS__OFFLINE": "true"})
    assert proc.returncode == 0, proc.stderr
    review = json.loads(proc.stdout)
    assert review["citations"][0]["value"] == "10.7554/eLife.92889.1"
    assert review["profile"]["peer_review"] == "reviewed-preprint"
    assert any("eLife Reviewed Preprint" in n for n in review["notices"])
    raised = {f["check"] for f in review["flags"]}
    assert set(expected["must_flag"]) <= raised, f"missing: {set(expected['must_flag']) - raised}"
    assert not (set(expected["must_not_flag"]) & raised), f"wrongly raised: {set(expected['must_not_flag']) & raised}"


@pytest.mark.subprocess  # the batch reviews in a process pool
def test_batch_folder_writes_one_review_each_and_a_summary(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text, _ = demo_inputs()
    (src / "one.txt").write_text(text, encoding="utf-8")
    (src / "two.md").write_text("Coffee cures cancer\n\nA survey of 12 people found coffee drinkers were happier.\n")
    (src / "empty.txt").write_text("   ")
    out = tmp_path / "out"
    code, stdout, err = run(["check", str(src), "--offline", "-o", str(out)], capsys)
    assert code == 0
    assert {p.name for p in out.glob("*.json")} == {"one.txt.json", "two.md.json"}
    assert "Reviewed 2 of 3 articles" in stdout and "| hype |" in stdout
    assert "empty.txt" in err
    assert (out / "summary.md").read_text() == stdout


@pytest.mark.subprocess  # the batch reviews in a process pool
def test_batch_jsonl(tmp_path: Path, capsys) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Miracle pill\n\nA breakthrough cure, say researchers."}),
        json.dumps({"id": "b", "text": "Steady result\n\nA trial found a small effect.", "doi": "10.1/x"}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines))
    code, _stdout, _ = run(["check", str(src), "--offline", "--format", "json", "-o", str(tmp_path / "o")], capsys)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "o").glob("*.json")) == ["a.json", "b.json"]
    review = json.loads((tmp_path / "o" / "a.json").read_text())
    assert any(f["check"] == "hype" for f in review["flags"])


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!DOCTYPE html")])
def test_every_report_format_is_written(
    demo_files: tuple[Path, Path], tmp_path: Path, fmt: str, magic: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    article, paper = demo_files
    out = tmp_path / f"report.{fmt}"
    code, stdout, _ = run(
        ["check", str(article), "--paper", str(paper), "--offline", "--format", fmt, "-o", str(out)], capsys
    )
    assert code == 0 and stdout == ""
    assert out.read_bytes().lstrip()[: len(magic)].lower() == magic.lower()
