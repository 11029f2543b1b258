"""Story evaluation: whole stories with their papers, labelled as a careful desk editor would.

The benchmarks score one sentence or one press release at a time; an editor judges a story. Each story is a
folder of `article.txt` (headline on the first line), `paper.json` (what `caveat check --paper` reads) and
`expected.json`: `must_flag` items `{"check", "quote", "why"}` (the exact words where the problem shows),
`must_not_flag` items `{"check", "why"}` (ids that would be false alarms), and `careful` (a story written with care).
Ids in neither list are debatable and not scored.

Each story is reviewed by the rules, offline, with its paper supplied, and scored three ways:
- recall: a must-flag item is a hit when the review raises any flag with its check id;
- must-not-flag raised: the share of must-not-flag items whose id was raised;
- span overlap: among hits, the share where a flag of that id has an article span overlapping the quote, found in
  article.txt (a flag on the wrong sentence tells the editor the wrong thing, even with the right id).
Beside them, the share of all raised flags whose evidence comes from beyond the abstract (full text, eLife's
assessment, a notice): what reading the whole paper adds (tests/fixtures/fulltext).
The figures are split by folder prefix (`a-`, `b-`: the part of a name before its first "-") and careful or not, so
that a gain on one kind of story is not paid for on another.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caveat.core.errors import InputError
from caveat.core.models import CHECK_IDS, Flag, Paper, Review
from caveat.evaluation.judges import offline_settings
from caveat.pipeline import ReviewInput, review
from caveat.reading.documents import read_article_path
from retrieval.supplied import paper_from_json

StoryReviewer = Callable[[str, Paper], Review]
"""(article text, paper) -> the review to score; the default is the rules, offline, paper supplied."""

STORY_FILES = ("article.txt", "paper.json", "expected.json")


@dataclass(frozen=True)
class MustFlag:
    """One problem an editor wants raised, and what the review did about it."""

    check: str
    quote: str
    quote_start: int
    """Where the quote is in the reviewed text (-1: not found, so no span can overlap it)."""
    hit: bool
    span_overlaps: bool


@dataclass(frozen=True)
class MustNotFlag:
    check: str
    raised: bool


@dataclass(frozen=True)
class StoryScore:
    name: str
    careful: bool
    must_flag: tuple[MustFlag, ...]
    must_not_flag: tuple[MustNotFlag, ...]
    raised: tuple[str, ...]
    """Every check id the review raised, in the order of CHECK_IDS (scored or not)."""
    flags: int = 0
    """How many flags the review raised (scored or not)."""
    beyond_abstract: int = 0
    """How many of them rest on evidence from beyond the abstract (see `beyond_abstract`)."""

    @property
    def group(self) -> str:
        """The folder prefix ('a-' for 'a-07'), or the whole name when it has no '-'."""
        head, sep, _ = self.name.partition("-")
        return f"{head}-" if sep else self.name


@dataclass(frozen=True)
class Figures:
    """The counts behind the three rates of one group of stories (or of one check id)."""

    name: str
    stories: int
    must_flag: int
    hits: int
    span_overlaps: int
    must_not_flag: int
    raised: int
    flags: int = 0
    beyond_abstract: int = 0

    @property
    def beyond_share(self) -> float | None:
        return self.beyond_abstract / self.flags if self.flags else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.must_flag if self.must_flag else None

    @property
    def raised_rate(self) -> float | None:
        return self.raised / self.must_not_flag if self.must_not_flag else None

    @property
    def span_share(self) -> float | None:
        return self.span_overlaps / self.hits if self.hits else None


@dataclass(frozen=True)
class StoryReport:
    stories_dir: str
    stories: tuple[StoryScore, ...]
    seconds: float = 0.0

    def groups(self) -> list[Figures]:
        """All stories, then each folder prefix, then careful and not careful."""
        prefixes = sorted({s.group for s in self.stories})
        parts: list[tuple[str, list[StoryScore]]] = [("all", list(self.stories))]
        parts += [(p, [s for s in self.stories if s.group == p]) for p in prefixes]
        parts += [("careful", [s for s in self.stories if s.careful])]
        parts += [("not careful", [s for s in self.stories if not s.careful])]
        return [_figures(name, group) for name, group in parts]

    def per_check(self, stories: Sequence[StoryScore] | None = None) -> list[Figures]:
        """One row per check id of CHECKLIST.md, in its order (ids no story labels are still listed)."""
        chosen = self.stories if stories is None else stories
        return [_figures(check, chosen, check) for check in CHECK_IDS]


def _figures(name: str, stories: Iterable[StoryScore], check: str | None = None) -> Figures:
    stories = list(stories)
    must = [m for s in stories for m in s.must_flag if check is None or m.check == check]
    must_not = [m for s in stories for m in s.must_not_flag if check is None or m.check == check]
    hits = [m for m in must if m.hit]
    return Figures(
        name=name,
        stories=len(stories),
        must_flag=len(must),
        hits=len(hits),
        span_overlaps=sum(m.span_overlaps for m in hits),
        must_not_flag=len(must_not),
        raised=sum(m.raised for m in must_not),
        flags=sum(s.flags for s in stories) if check is None else 0,
        beyond_abstract=sum(s.beyond_abstract for s in stories) if check is None else 0,
    )


def _overlaps(flag: Flag, start: int, end: int) -> bool:
    return flag.article_span.start < end and start < flag.article_span.end


def _quote_start(quote: str, reviewed: str, raw: str) -> int:
    """The quote's offset in article.txt, which is the flags' coordinates when the review kept the text as it was;
    when reading tidied the text, the quote is found again in the reviewed text, where the spans point."""
    return raw.find(quote) if raw.startswith(reviewed) else reviewed.find(quote)


_BEYOND_FIELDS = frozenset({"assessments", "updates"})


def beyond_abstract(flag: Flag) -> bool:
    """Whether a flag rests on the paper beyond its abstract: a full-text sentence, eLife's assessment or a notice
    (corrections, retractions). The share of such flags says how much of a review the full text decides."""
    return any(e.kind == "fulltext" or (e.kind == "metadata" and e.field in _BEYOND_FIELDS) for e in flag.evidence)


def score_story(name: str, expected: dict[str, Any], raw: str, result: Review) -> StoryScore:
    """Score one review against its story's labels (see the module's docstring for the three rules)."""
    by_check: dict[str, list[Flag]] = {}
    for flag in result.flags:
        by_check.setdefault(flag.check, []).append(flag)
    must: list[MustFlag] = []
    for item in expected.get("must_flag", []):
        check, quote = str(item["check"]), str(item.get("quote") or "")
        start = _quote_start(quote, result.article.text, raw) if quote else -1
        flags = by_check.get(check, [])
        overlap = start >= 0 and any(_overlaps(f, start, start + len(quote)) for f in flags)
        must.append(MustFlag(check, quote, start, bool(flags), overlap))
    must_not = tuple(
        MustNotFlag(str(item["check"]), str(item["check"]) in by_check) for item in expected.get("must_not_flag", [])
    )
    raised = tuple(c for c in CHECK_IDS if c in by_check)
    return StoryScore(name, bool(expected.get("careful", False)), tuple(must), must_not, raised,
                      len(result.flags), sum(beyond_abstract(f) for f in result.flags))


def rules_reviewer(text: str, paper: Paper) -> Review:
    """The rules alone, offline, the paper supplied: what `caveat check ARTICLE --paper P --offline` runs."""
    return review(ReviewInput(text=text, source="article.txt", paper=paper), settings=offline_settings(), use_llm=False)


def story_folders(stories_dir: Path) -> list[Path]:
    """The folders holding all three files, by name; a folder missing one is not a story (e.g. a README)."""
    if not stories_dir.is_dir():
        raise InputError(f"stories folder not found: {stories_dir}")
    return sorted(p for p in stories_dir.iterdir() if p.is_dir() and all((p / f).is_file() for f in STORY_FILES))


def score_stories(stories_dir: Path, reviewer: StoryReviewer = rules_reviewer) -> StoryReport:
    """Review and score every story folder in `stories_dir`; an InputError when there is none."""
    folders = story_folders(stories_dir)
    if not folders:
        raise InputError(f"no story folders ({', '.join(STORY_FILES)}) in {stories_dir}")
    started = time.perf_counter()
    scores = []
    for folder in folders:
        raw = read_article_path(folder / "article.txt")
        paper = paper_from_json((folder / "paper.json").read_text(encoding="utf-8-sig"))
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        scores.append(score_story(folder.name, expected, raw, reviewer(raw, paper)))
    return StoryReport(str(stories_dir), tuple(scores), time.perf_counter() - started)


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else f"— ({part}/0)"


def format_stories(report: StoryReport) -> str:
    """The group table (recall, must-not-flag raised, span overlap), then the per-check counts."""
    header = ("stories", "n", "must-flag recall", "must-not-flag raised", "span overlaps quote",
              "flags beyond abstract")
    rows = [
        (
            f.name,
            str(f.stories),
            _rate(f.hits, f.must_flag),
            _rate(f.raised, f.must_not_flag),
            _rate(f.span_overlaps, f.hits),
            _rate(f.beyond_abstract, f.flags),
        )
        for f in report.groups()
    ]
    out = [f"stories: {len(report.stories)} in {report.stories_dir} (rules only, offline, paper supplied)"]
    out += _columns(header, rows)
    check_header = ("check", "must-flag n", "hits", "span ok", "must-not-flag n", "raised")
    check_rows = [
        (f.name, str(f.must_flag), str(f.hits), str(f.span_overlaps), str(f.must_not_flag), str(f.raised))
        for f in report.per_check()
    ]
    out += ["", *_columns(check_header, check_rows)]
    out.append(
        f"time: {report.seconds:.1f} s   (a hit: a flag with the item's check id; tune on these like a dev split)"
    )
    return "\n".join(out)


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]

    def render(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [render(header), render(["-" * w for w in widths]), *(render(r) for r in rows)]


def stories_to_json(report: StoryReport) -> dict[str, Any]:
    """The figures, and per story what was hit, missed and wrongly raised, for reading the misses."""

    def figures(f: Figures) -> dict[str, object]:
        counts = {
            k: getattr(f, k) for k in ("stories", "must_flag", "hits", "span_overlaps", "must_not_flag", "raised",
                                       "flags", "beyond_abstract")
        }
        return {"name": f.name, **counts, "recall": f.recall, "raised_rate": f.raised_rate, "span_share": f.span_share,
                "beyond_share": f.beyond_share}

    return {
        "stories_dir": report.stories_dir,
        "groups": [figures(f) for f in report.groups()],
        "per_check": [figures(f) for f in report.per_check()],
        "stories": [
            {
                "name": s.name,
                "careful": s.careful,
                "raised": list(s.raised),
                "must_flag": [
                    {"check": m.check, "hit": m.hit, "span_overlaps": m.span_overlaps, "quote_start": m.quote_start}
                    for m in s.must_flag
                ],
                "must_not_flag": [{"check": m.check, "raised": m.raised} for m in s.must_not_flag],
            }
            for s in report.stories
        ],
        "seconds": round(report.seconds, 3),
    }
