"""Hostile and mistaken input on the command line: one line on standard error and exit 2, never a traceback.

Each case runs `caveat.cli.main` in this process and fails before any review or library work starts, so the
file stays in the fast loop.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caveat.cli import main
from caveat.core import limits

STORY = "Coffee linked to longer life\n\nPeople who drink coffee lived longer, a survey of 500 adults found.\n"


def _one_line_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(args)
    _, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("caveat: ") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def _paper(tmp_path: Path, text: str) -> str:
    path = tmp_path / "paper.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- defect 14: -o into a missing folder or onto a folder ------------------------------------------------------


def test_output_into_a_missing_folder_is_one_line(article: Path, tmp_path: Path, capsys) -> None:
    line = _one_line_exit_2(["check", str(article), "--offline", "-o", str(tmp_path / "no" / "r.md")], capsys)
    assert "does not exist" in line


def test_output_onto_a_folder_is_one_line(article: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    line = _one_line_exit_2(["check", str(article), "--offline", "-o", str(folder)], capsys)
    assert "is a folder" in line


# -- defects 14 and 25: paper JSON of the wrong shape or type --------------------------------------------------


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        ({"title": "A survey", "sources": ["crossref"]}, "Paper field 'sources' must be an object"),
        ({"title": "A survey", "sources": "crossref"}, "Paper field 'sources' must be an object"),
        ({"abstract": ["We surveyed.", "We found."]}, "Paper field 'abstract' must be text, not a list"),
        ({"title": {"en": "A survey"}}, "Paper field 'title' must be text, not an object"),
        ({"journal": True}, "Paper field 'journal' must be text, not true/false"),
        ({"authors": [["Ada", "Byron"]]}, "Paper field 'authors' must be a list of strings"),
    ],
)
def test_wrongly_typed_paper_json_is_one_line(
    article: Path, tmp_path: Path, capsys, paper: dict, message: str
) -> None:
    paper_file = _paper(tmp_path, json.dumps(paper))
    assert message in _one_line_exit_2(["check", str(article), "--offline", "--paper", paper_file], capsys)


def test_deeply_nested_paper_json_is_one_line(article: Path, tmp_path: Path, capsys) -> None:
    deep = '{"title": "x", "notes": ' + "[" * 100_000 + "]" * 100_000 + "}"
    line = _one_line_exit_2(["check", str(article), "--offline", "--paper", _paper(tmp_path, deep)], capsys)
    assert f"nested more than {limits.JSON_DEPTH} levels" in line


def test_deeply_nested_paper_json_through_library_add_is_one_line(tmp_path: Path, capsys) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    line = _one_line_exit_2(["library", "add", _paper(tmp_path, deep)], capsys)
    assert "nested more than" in line


# -- defect 10: the abstract in paper JSON, and in --abstract, is bounded -------------------------------------


def test_a_long_abstract_in_paper_json_is_refused(article: Path, tmp_path: Path, capsys) -> None:
    paper = json.dumps({"title": "A survey", "abstract": "We surveyed adults. " * 6_000})  # 120,000 characters
    line = _one_line_exit_2(["check", str(article), "--offline", "--paper", _paper(tmp_path, paper)], capsys)
    assert f"the limit is {limits.ABSTRACT_CHARS:,}" in line


def test_paper_json_over_its_byte_limit_is_refused_unread(article: Path, tmp_path: Path, capsys) -> None:
    paper = json.dumps({"title": "A survey", "notes": "x" * (limits.PAPER_JSON_BYTES + 10)})
    line = _one_line_exit_2(["check", str(article), "--offline", "--paper", _paper(tmp_path, paper)], capsys)
    assert "the limit is" in line


def test_a_long_abstract_file_is_refused(article: Path, tmp_path: Path, capsys) -> None:
    abstract = tmp_path / "abstract.txt"
    abstract.write_text("We surveyed adults. " * 6_000, encoding="utf-8")
    line = _one_line_exit_2(["check", str(article), "--offline", "--abstract", str(abstract)], capsys)
    assert f"the limit is {limits.ABSTRACT_CHARS:,}" in line


# -- defect 20: `library add` with a ~1 MB abstract -----------------------------------------------------------


def test_library_add_with_a_megabyte_abstract_is_one_line(tmp_path: Path, capsys) -> None:
    paper = json.dumps({"doi": "10.5555/big.1", "title": "Big", "abstract": "Mice ran further on wheels. " * 37_000})
    line = _one_line_exit_2(["library", "add", _paper(tmp_path, paper)], capsys)
    assert "abstract" in line and f"the limit is {limits.ABSTRACT_CHARS:,}" in line


# -- defects 14 and 26: settings from the environment ---------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CAVEAT_DATADIR", "/tmp/x", "unknown setting CAVEAT_DATADIR (did you mean CAVEAT_DATA_DIR?)"),
        ("CAVEAT_LLM__MODLE", "m", "CAVEAT_LLM__MODLE"),
        ("CAVEAT_LLM__TIMEOUT_S", "soon", "setting CAVEAT_LLM__TIMEOUT_S is invalid: input should be a valid number"),
        ("CAVEAT_APIS__RETRIES", "99", "setting CAVEAT_APIS__RETRIES is invalid"),
        ("CAVEAT_LLM", "{not json", "setting CAVEAT_LLM cannot be read"),
        ("CAVEAT_LLM", '{"modle": "m"}', "setting CAVEAT_LLM__MODLE is invalid: no such setting"),
    ],
)
def test_bad_settings_are_one_line(
    article: Path, monkeypatch: pytest.MonkeyPatch, capsys, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert message in _one_line_exit_2(["check", str(article), "--offline"], capsys)
    assert message in _one_line_exit_2(["library", "list"], capsys)


@pytest.mark.slow  # an embedded Chroma on disk and 6,000 embedded sentences: seconds
def test_library_add_writes_more_sentences_than_chroma_takes_in_one_batch(tmp_path: Path) -> None:
    """Defect 20: one upsert of every abstract sentence broke on Chroma's max batch size (5,461 embedded)."""
    from caveat.core.models import Paper
    from caveat.core.settings import Settings
    from retrieval.library import PaperLibrary

    library = PaperLibrary.open(Settings(data_dir=tmp_path))
    count = library._client.get_max_batch_size() + 500
    abstract = " ".join(f"Mice in cage {i} ran further on the wheel." for i in range(count))
    key = library.add(Paper(doi="10.5555/long.1", title="Long", abstract=abstract))
    assert library.get(key) is not None
    assert library._collection.count() == count + 1  # the paper's record and each of its sentences


@pytest.mark.subprocess  # pypdf's notes reach standard error only outside pytest's log capture
def test_a_damaged_pdf_is_one_line_on_standard_error(tmp_path: Path) -> None:
    """Defect 29: pypdf printed its own warning before Caveat's line."""
    import io
    import subprocess
    import sys

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Snails remember the tide.")
    pdf.save()
    damaged = tmp_path / "story.pdf"
    damaged.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    proc = subprocess.run(
        [sys.executable, "-m", "caveat.cli", "check", str(damaged), "--offline"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["caveat: the PDF is damaged or is not a PDF"]


def test_an_unreadable_file_is_one_line(article: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    paper = _paper(tmp_path, "{}")
    monkeypatch.setattr(Path, "read_bytes", refuse)
    line = _one_line_exit_2(["check", str(article), "--offline", "--paper", paper], capsys)
    assert line == f"caveat: Permission denied: {tmp_path / 'a.txt'}"
