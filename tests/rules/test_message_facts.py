"""Every flag's message names only facts present in the review.

A message is a claim about the story and the paper ("the paper reports a cohort study", "only 12 mice", "'cure'
is not in the abstract"). An editor who catches one false statement stops trusting the rest, so this test reads
every message the rules write on the project's own stories (tests/fixtures/stories, invented for the project) and
on every declared example, and checks what a message can assert against the review itself:
- a quoted fragment ('...') is words of the article, the paper's metadata or abstract;
- a number is in the article or the paper, or is a count the profile read (sample or subgroup size);
- a design named as the paper's ("a cohort study", "a randomised trial") is the profile's design;
- a species named ("in mice") is the profile's or the article's;
- a status named ("preprint", "retracted") is the paper's;
- every piece of evidence quotes its source verbatim: the article, the abstract, a full-text section (named by its
  title path, at its offsets) or eLife's assessment (caveat.analysis.fulltext.evidence_is_verbatim).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.fulltext import evidence_is_verbatim, section_name
from caveat.analysis.profile import build_profile
from caveat.core.models import Flag, Paper, Span, StudyProfile
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review
from caveat.rules.registry import RegisteredCheck, registered, run_checks
from retrieval.supplied import paper_from_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STORIES = FIXTURES / "stories"
FULLTEXT = FIXTURES / "fulltext"
"""Stories whose papers carry full-text sections and eLife assessments: their messages may quote those too."""

_QUOTED = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))['‘]([^'‘’]+?)['’](?=[\s.,;:)!?\]]|$)")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_DESIGNS = {
    r"\bcohort stud": {"cohort"},
    r"\bcase-control\b": {"case-control"},
    r"\bcross-sectional\b": {"cross-sectional"},
    r"\bobservational stud": {"cohort", "case-control", "cross-sectional", "observational"},
    r"\brandomi[sz]ed (?:controlled )?trial\b": {"randomised controlled trial"},
    r"\bcase report\b": {"case report"},
    r"\bcomputer model\b": {"computer model"},
    r"\bmeta-analysis\b": {"meta-analysis or systematic review"},
}
_STRENGTH = re.compile(r"claim strength ([0-3]) vs the paper's ([0-3])")
_SPECIES = ("mice", "rats", "monkeys", "pigs", "zebrafish", "dogs", "ferrets", "flies", "worms")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def _haystack(text: str, paper: Paper | None) -> str:
    parts = [text]
    if paper is not None:
        parts += [paper.title, paper.journal, paper.abstract, " ".join(paper.authors),
                  paper.competing_interests, " ".join(paper.funding), paper.doi or "", str(paper.year or "")]
        parts += [f"{section_name(s)} {s.text}" for s in paper.full_text]
        parts += [a.text for a in paper.assessments] + [t.term for a in paper.assessments for t in a.terms]
        parts += [f"{u.label} {u.doi} {u.date}" for u in paper.updates]
    return _norm(" \n ".join(p for p in parts if p))


def _fragments(message: str) -> list[str]:
    found = []
    for match in _QUOTED.finditer(message):
        found += [part.strip(" .,;:") for part in re.split(r"\.\.\.|…", match.group(1)) if part.strip(" .,;:")]
    return found


def _false_statements(flag: Flag, text: str, paper: Paper | None, profile: StudyProfile) -> list[str]:
    """What the message asserts that the review does not hold; [] for a true message."""
    problems: list[str] = []
    message = flag.message
    hay = _haystack(text, paper)
    problems += [f"quotes '{frag}', which is in neither the article nor the paper"
                 for frag in _fragments(message) if _norm(frag) not in hay]
    counts = {n for n in (profile.sample_size, profile.subgroup_size) if n is not None}
    digits = hay.replace(",", "")
    strength = _STRENGTH.search(message)
    if strength:  # the 0-3 claim-strength comparison: the paper's side must be the profile's reading
        if profile.conclusion_strength is not None and int(strength.group(2)) != profile.conclusion_strength:
            problems.append(f"gives the paper's strength as {strength.group(2)}, the profile as "
                            f"{profile.conclusion_strength}")
        message = message[: strength.start()] + message[strength.end() :]
    for number in _NUMBER.findall(message):
        plain = number.replace(",", "").rstrip(".")
        in_texts = re.search(rf"(?<![\d.]){re.escape(plain)}(?![\d]|\.\d)", digits)
        if not in_texts and not (plain.isdigit() and int(plain) in counts):
            problems.append(f"names the number {number}, found in neither the texts nor the profile's counts")
    lowered = message.lower()
    for pattern, designs in _DESIGNS.items():
        if re.search(r"paper|study was|this is|the study|abstract", lowered) and re.search(pattern, lowered) \
                and profile.design not in designs:
            problems.append(f"calls the study '{pattern}' but the profile reads it as {profile.design}")
    for species in _SPECIES:
        if re.search(rf"\b{species}\b", lowered) and species not in profile.species \
                and species not in _norm(text):
            problems.append(f"names {species}, which neither the profile nor the article does")
    status = paper.status if paper is not None else "unknown"
    if flag.check == "preprint" and status not in ("preprint", "reviewed-preprint", "conference-abstract") \
            and profile.peer_review not in ("preprint", "reviewed-preprint", "conference-abstract"):
        problems.append(f"treats the paper as a preprint, but its status is {status}")
    if flag.check == "retracted" and status not in ("retracted", "expression-of-concern") \
            and profile.peer_review not in ("retracted", "expression-of-concern"):
        problems.append(f"treats the paper as retracted, but its status is {status}")
    problems += [f"{e.kind} evidence is not verbatim: {e.text[:60]!r}" for e in flag.evidence
                 if e.kind != "metadata" or e.field == "assessments"
                 if not evidence_is_verbatim(e, paper, text)]
    return problems


def _story_cases() -> list[str]:
    return sorted(f"{root.name}/{p.name}" for root in (STORIES, FULLTEXT) for p in root.iterdir()
                  if (p / "article.txt").is_file())


@pytest.mark.parametrize("story", _story_cases())
def test_story_messages_state_only_facts_of_the_review(story: str) -> None:
    folder = FIXTURES / story
    text = (folder / "article.txt").read_text(encoding="utf-8")
    paper = paper_from_json((folder / "paper.json").read_text(encoding="utf-8"))
    result = review(ReviewInput(text=text, paper=paper), settings=Settings().offline(), use_llm=False)
    assert result.flags or json.loads((folder / "expected.json").read_text())["careful"]
    problems = {f.id: _false_statements(f, result.article.text, result.paper, result.profile) for f in result.flags}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("entry", registered(), ids=lambda e: e.id)
def test_declared_examples_state_only_facts(entry: RegisteredCheck) -> None:
    for example in entry.declaration.fires:
        article = parse_article(example.article)
        profile = build_profile(example.paper)
        flags = run_checks(article, example.paper, profile)
        assert flags
        problems = {f.id: _false_statements(f, article.text, example.paper, profile) for f in flags}
        assert {k: v for k, v in problems.items() if v} == {}


def test_the_fact_reader_checks_full_text_evidence() -> None:
    """A full-text quote that is not at its offsets in the named section is a false statement."""
    from caveat.core.models import Evidence, PaperSection

    paper = Paper(title="t", abstract="a.", full_text=[PaperSection(kind="funding", title="Funding",
                                                                    text="Funded by Orrin Therapeutics Ltd.")])
    good = Evidence(kind="fulltext", start=0, end=33, text="Funded by Orrin Therapeutics Ltd.", section="Funding")
    flag = Flag(id="x", check="conflict-of-interest", severity="medium", message="Ties are not mentioned.",
                article_span=Span(start=0, end=4, text="Pill"), evidence=[good])
    assert _false_statements(flag, "Pill works.", paper, StudyProfile()) == []
    moved = flag.model_copy(update={"evidence": [good.model_copy(update={"section": "Competing interests"})]})
    assert _false_statements(moved, "Pill works.", paper, StudyProfile())


@pytest.mark.parametrize(("message", "expected"), [
    ("'cure' in the headline oversells the result.", []),
    ("'wonder pill' in the headline oversells the result.", ["wonder pill"]),
    ("Only 12 mice were studied.", ["12"]),
    ("Only 24 mice were studied.", []),
    ("The paper reports a finding of a cohort study, which can show an association.", ["cohort"]),
    ("The study was in rats.", ["rats"]),
])
def test_the_fact_reader_itself(message: str, expected: list[str]) -> None:
    """The reader must be able to fail: invented facts in a message are caught, true ones pass."""
    text = "Cure for deafness\n\nA cure, say scientists, after 24 mice heard again."
    paper = Paper(title="Hearing in aged mice", abstract="Twenty-four aged mice were treated.")
    profile = StudyProfile(design="animal experiment", subjects="animals", species=["mice"], sample_size=24)
    flag = Flag(id="x", check="hype", severity="medium", message=message,
                article_span=Span(start=0, end=4, text="Cure"))
    problems = _false_statements(flag, text, paper, profile)
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem
