"""Story evaluation on tiny invented story folders: the scoring rules by hand, then the real rules and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caveat.cli import main
from caveat.core.errors import InputError
from caveat.core.models import Article, CheckId, Flag, Paper, Review, Span
from caveat.evaluation.run import run_eval
from caveat.evaluation.stories import format_stories, score_stories, stories_to_json

# Invented stories (no text from the shared stories): a hyped one about snails and a careful one about moss.
SNAIL = (
    "Miracle cure: garden snail slime heals every wound\n\n"
    "A remarkable breakthrough will change medicine forever, researchers say. "
    "Snail mucus closed skin cuts in 12 rats within five days."
)
SNAIL_ABSTRACT = (
    "We applied purified mucus of Cornu aspersum to standard skin incisions in 12 rats. "
    "Wound closure was faster than with saline. Studies in humans are needed."
)
MOSS = (
    "Moss on city roofs may cool buildings slightly, early study suggests\n\n"
    "A small study of eight roofs found surfaces were about one degree cooler under moss. "
    "The researchers caution that the result needs testing on more buildings."
)
MOSS_ABSTRACT = "Surface temperature was measured on eight roofs with and without moss cover over one summer."


def _story(root: Path, name: str, article: str, abstract: str, expected: dict[str, object]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "paper.json").write_text(json.dumps({"title": "A study", "abstract": abstract}), encoding="utf-8")
    (folder / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    return folder


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    root = tmp_path / "stories"
    _story(
        root,
        "x-01",
        SNAIL,
        SNAIL_ABSTRACT,
        {
            "must_flag": [
                {"check": "hype", "quote": "Miracle cure", "why": "a rat study called a cure"},
                {"check": "animal-to-human", "quote": "heals every wound", "why": "rats, not people"},
                {"check": "sample-size", "quote": "not in the article", "why": "a quote that is absent"},
            ],
            "must_not_flag": [{"check": "retracted", "why": "not retracted"}],
            "careful": False,
        },
    )
    _story(
        root,
        "y-01",
        MOSS,
        MOSS_ABSTRACT,
        {
            "must_flag": [],
            "must_not_flag": [{"check": "hype", "why": "measured words"}, {"check": "advice", "why": "none given"}],
            "careful": True,
        },
    )
    (root / "notes").mkdir()  # a folder without the three files is not a story
    return root


def _flag(check: CheckId, text: str, words: str) -> Flag:
    start = text.index(words)
    span = Span(start=start, end=start + len(words), text=words)
    return Flag(id=f"{check}:{start}", check=check, severity="low", message="m", article_span=span)


def _fake_reviewer(text: str, paper: Paper) -> Review:
    """Hype on the headline, animal-to-human on the wrong sentence, sample-size anywhere; hype on the moss story."""
    if text.startswith("Miracle"):
        flags = [
            _flag("hype", text, "Miracle cure"),
            _flag("animal-to-human", text, "researchers say"),
            _flag("sample-size", text, "12 rats"),
        ]
    else:
        flags = [_flag("hype", text, "cool buildings")]
    return Review(id="r", created_at="t", tool_version="0", article=Article(text=text), flags=flags)


def test_scoring_by_hand(stories: Path) -> None:
    report = score_stories(stories, _fake_reviewer)
    assert [s.name for s in report.stories] == ["x-01", "y-01"]
    snail = report.stories[0]
    assert [(m.check, m.hit, m.span_overlaps) for m in snail.must_flag] == [
        ("hype", True, True),
        ("animal-to-human", True, False),  # right id, wrong sentence
        ("sample-size", True, False),  # the quote is not in the article: a hit that no span can overlap
    ]
    assert snail.must_flag[2].quote_start == -1
    everything, x, y, careful, hasty = report.groups()
    assert [g.name for g in report.groups()] == ["all", "x-", "y-", "careful", "not careful"]
    assert (everything.stories, everything.must_flag, everything.hits, everything.span_overlaps) == (2, 3, 3, 1)
    assert (everything.must_not_flag, everything.raised) == (3, 1)  # hype raised on the careful moss story
    assert everything.recall == 1.0 and everything.raised_rate == pytest.approx(1 / 3)
    assert everything.span_share == pytest.approx(1 / 3)
    assert (x.must_flag, x.raised, y.must_flag, y.raised) == (3, 0, 0, 1)
    assert y.recall is None and y.span_share is None  # nothing to find: no rate, not a perfect one
    assert (careful.name, careful.stories, careful.raised) == ("careful", 1, 1)
    assert (hasty.stories, hasty.hits) == (1, 3)
    hype = next(f for f in report.per_check() if f.name == "hype")
    assert (hype.must_flag, hype.hits, hype.span_overlaps, hype.must_not_flag, hype.raised) == (1, 1, 1, 1, 1)


def test_table_and_json_carry_the_same_figures(stories: Path) -> None:
    report = score_stories(stories, _fake_reviewer)
    table = format_stories(report)
    assert "all          2  1.000 (3/3)" in table
    assert "0.333 (1/3)" in table and "— (0/0)" in table
    data = stories_to_json(report)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["groups"][0] == {
        "name": "all",
        "stories": 2,
        "must_flag": 3,
        "hits": 3,
        "span_overlaps": 1,
        "must_not_flag": 3,
        "raised": 1,
        "recall": 1.0,
        "raised_rate": pytest.approx(1 / 3),
        "span_share": pytest.approx(1 / 3),
        "flags": 4,
        "beyond_abstract": 0,
        "beyond_share": 0.0,
    }
    assert data["stories"][1]["raised"] == ["hype"]


def test_missing_or_empty_folders_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        score_stories(tmp_path / "absent", _fake_reviewer)
    with pytest.raises(InputError, match="no story folders"):
        score_stories(tmp_path, _fake_reviewer)


def test_the_rules_score_an_invented_story(stories: Path) -> None:
    """The real reviewer, offline with the paper: a cure headline about rats is hype, and nothing is retracted."""
    report = score_stories(stories)
    snail = report.stories[0]
    hype = snail.must_flag[0]
    assert hype.hit and hype.span_overlaps
    assert not snail.must_not_flag[0].raised
    assert "hype" in snail.raised


def test_run_eval_stories_only_and_the_default_folder(stories: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_eval(sets=["stories"], stories_dir=stories)
    assert result.benchmarks is None and result.alignment is None
    assert result.stories is not None and len(result.stories.stories) == 2
    assert result.to_json()["stories"]["groups"][0]["name"] == "all"
    monkeypatch.setenv("CAVEAT_SHARED_DIR", str(stories.parent / "no-shared"))
    absent = run_eval(sets=["stories"])
    assert absent.stories is None and not absent.scored_anything
    assert "stories: folder" in absent.skipped[0]
    with pytest.raises(InputError, match="unknown"):
        run_eval(sets=["stories", "horoscopes"])


def test_run_eval_benchmarks_and_stories_in_one_result(bench: Path, stories: Path) -> None:
    result = run_eval(data_dir=bench, sets=["causal-language-yu2019", "stories"], stories_dir=stories)
    assert result.benchmarks is not None and {r.set for r in result.benchmarks.rows} == {"causal-language-yu2019"}
    assert result.stories is not None and result.alignment is not None
    table = result.table()
    assert table.index("claim strength") < table.index("evidence alignment") < table.index("stories: 2 in")
    data = result.to_json()
    assert [r["set"] for r in data["rows"]] == ["causal-language-yu2019"]
    assert set(data) >= {"rows", "missing", "notes", "evidence_alignment", "stories", "skipped"}


def test_the_command_prints_and_writes(stories: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "eval.json"
    assert main(["eval", "--stories", str(stories), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "stories: 2 in" in printed and "must-flag recall" in printed
    assert "claim strength" not in printed  # --stories alone scores only the stories
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["stories"]["groups"][0]["stories"] == 2
    assert main(["eval", "--stories", str(tmp_path / "absent")]) == 2
    assert "stories folder not found" in capsys.readouterr().err
