"""The one `review(...)` call behind both doors (the command line and the page).

It runs the stages in order: article -> citations -> paper -> profile -> checks (rules, then the language model
when one is configured) -> checklist, and records what each stage did, how long it took, and what the editor
should do when a stage could not help (no paper found, model unavailable). It never raises for a missing paper
or a failing service: those become notices, and the rules still run on the article alone.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from caveat import __version__
from caveat.analysis.alignment import default_embedder
from caveat.analysis.article import parse_article, plain_spaces, unwrap_lines
from caveat.analysis.article_study import article_fallback
from caveat.analysis.claims import claims_for
from caveat.analysis.profile import build_profile
from caveat.checklist import build_checklist
from caveat.core import limits
from caveat.core.errors import InputError
from caveat.core.models import Article, Citation, Claim, Flag, Paper, Review, SourceOutcome, Span, StudyProfile, Usage
from caveat.core.settings import Settings, load_settings
from caveat.rules.registry import bounded, cap_flags, run_checks
from retrieval.citations import find_citations
from retrieval.resolver import Resolution, resolve
from retrieval.supplied import check_abstract

MAX_ARTICLE_CHARS = limits.ARTICLE_CHARS

Progress = Callable[[str], None]


@dataclass
class ReviewInput:
    """What the editor gave: the article, and optionally the paper or parts of it."""

    text: str
    source: str = "pasted"
    paper: Paper | None = None
    abstract: str | None = None
    doi: str | None = None
    extra_notices: list[str] = field(default_factory=list)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def validate_text(text: str, what: str = "article") -> str:
    """Reject what cannot be an article, with a message that says what is wrong."""
    if "\x00" in text:
        raise InputError(f"The {what} contains binary data (NUL bytes): give text, Markdown, HTML, DOCX or PDF.")
    if not text.strip():
        raise InputError(f"The {what} is empty: paste or upload the text to review.")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"The {what} is {len(text):,} characters long; the limit is {MAX_ARTICLE_CHARS:,}. "
            "Review one article at a time."
        )
    return text


def supplied_paper(paper: Paper | None, abstract: str | None) -> Paper | None:
    """Merge what the editor pasted: an abstract replaces the paper's, and is marked as the editor's."""
    if abstract is not None and abstract.strip():
        validate_text(abstract, "abstract")
        check_abstract(abstract)  # the abstract's own bound, as for one in paper JSON
        base = paper or Paper()
        sources = {**base.sources, "abstract": "editor"}
        return base.model_copy(update={"abstract": abstract.strip(), "abstract_sections": [], "sources": sources})
    return paper


def editor_citation(doi: str) -> Citation:
    """A DOI typed in by the editor: it outranks anything found in the text, and has no span in the article."""
    return Citation(
        kind="doi", value=doi.strip(), span=Span(start=0, end=0, text=""), confidence=1.0, details={"from": "editor"}
    )


def _llm_pass(
    article: Article, paper: Paper | None, profile: StudyProfile, flags: list[Flag], settings: Settings,
    claims: list[Claim] | None = None,
) -> tuple[list[Flag], StudyProfile, Usage | None, dict[str, str], list[str]]:
    """Ask the language model for what the rules missed; on any failure keep the rules' review and say why."""
    from caveat.llm import review_with_llm
    from caveat.llm.claims import merge_claims
    from caveat.llm.merge import merge_flags

    result = review_with_llm(article, paper, profile, flags, settings.llm)
    # The model's rewrite is sentence-specific where the rule's is a template, so it replaces it; the flag then
    # names both engines, since both shaped what the editor reads.
    rewritten = [
        f.model_copy(update={"suggestion": result.suggestions[f.id], "engine": "rules+llm"})
        if result.suggestions.get(f.id)
        else f
        for f in flags
    ]
    merged = merge_flags(rewritten, result.flags)
    if claims is not None:  # the model's readings of the claims, beside the rules' (one shape for both engines)
        claims[:] = merge_claims(claims, result.claims)
    return merged, result.profile or profile, result.usage, result.prompts, list(result.notices)


def _capped(flags: list[Flag], notices: list[str]) -> list[Flag]:
    """At most `limits.FLAGS_PER_REVIEW` flags, the least severe dropped first, and a notice saying how many; every
    flag (the model's too) with its suggestion and evidence quotes within their bounds."""
    kept, dropped = cap_flags(bounded(flag) for flag in flags)
    if dropped:
        notices.append(f"{dropped:,} more flags were left out: a review keeps at most {limits.FLAGS_PER_REVIEW:,}, "
                       "the least severe dropped first. Review a long or repetitive article in parts.")
    return kept


NO_ABSTRACT_NOTICE = (
    "No abstract to compare with: paste the paper's abstract or upload its PDF, and the claims will be "
    "checked against it. Checks that judge the article alone still ran."
)


@dataclass
class _Run:
    """What one review records as it goes: the progress line, how long each stage took, and the notices."""

    say: Progress
    notices: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str, message: str | None = None) -> Iterator[None]:
        """Time one stage (its progress line included); a stage that raises records no time."""
        t0 = time.perf_counter()
        if message:
            self.say(message)
        yield
        self.timings[name] = round(time.perf_counter() - t0, 4)


def _find_paper(
    inp: ReviewInput, text: str, settings: Settings, library: object | None, run: _Run
) -> tuple[list[Citation], Resolution]:
    """Citations in the text (the editor's DOI first), then the paper they lead to, or a notice that none did."""
    with run.stage("citations", "Finding citations"):
        citations = find_citations(text)
        if inp.doi and inp.doi.strip():
            citations = [editor_citation(inp.doi), *citations]
    with run.stage("paper", "Getting the paper"):
        supplied = supplied_paper(inp.paper, inp.abstract)
        resolution = resolve(citations, settings=settings, library=library, supplied=supplied, progress=run.say)
        run.notices.extend(resolution.notices)
    if resolution.paper is None or not resolution.paper.abstract.strip():
        run.notices.append(NO_ABSTRACT_NOTICE)
    return citations, resolution


def review(
    inp: ReviewInput,
    *,
    settings: Settings | None = None,
    library: object | None = None,
    progress: Progress | None = None,
    use_llm: bool | None = None,
) -> Review:
    """Review one article against its paper. Raises InputError only for an unusable article or abstract."""
    settings = settings or load_settings()
    run = _Run(say=progress or (lambda _msg: None), notices=list(inp.extra_notices))
    text = plain_spaces(unwrap_lines(validate_text(inp.text)))  # same length: offsets index the text as given
    with run.stage("article", "Reading the article"):
        article = parse_article(text, source=inp.source)
    citations, resolution = _find_paper(inp, text, settings, library, run)
    paper = resolution.paper
    with run.stage("profile", "Profiling the study"):
        profile = build_profile(paper)
    with run.stage("checks", "Checking the claims"):
        # Embeddings only help when there is an abstract to align claims with; loading them costs ~0.15 s once.
        aligner = default_embedder() if paper is not None and paper.abstract.strip() else None
        # With a paper whose abstract left the design open, the checks complete the profile from the article
        # (run_checks leaves a completed one as it is). Completing it here and handing the same object to both
        # keeps claims_for's cache hit: one extraction, and the review keeps the claims the checks compared.
        checked = article_fallback(profile, article, True) if paper is not None else profile
        flags = _capped(run_checks(article, paper, checked, citations, aligner=aligner), run.notices)
        # The same claims the checks compared (cached), so the page and the report can show each beside its evidence.
        claims = list(claims_for(article, paper, checked, aligner))

    usage: Usage | None = None
    prompts: dict[str, str] = {}
    if settings.llm.enabled if use_llm is None else use_llm:
        with run.stage("llm", "Asking the language model"):
            flags, profile, usage, prompts, llm_notices = _llm_pass(article, paper, profile, flags, settings, claims)
            run.notices.extend(llm_notices)
            flags = _capped(flags, run.notices)

    with run.stage("checklist"):
        checklist = build_checklist(flags, article, paper, profile)
    stamp = now_iso()
    return Review(
        id=uuid.uuid4().hex,
        created_at=stamp,
        updated_at=stamp,
        tool_version=__version__,
        article=article,
        citations=citations,
        paper=paper,
        related_papers=list(resolution.related),
        sources=list(resolution.outcomes),
        profile=profile,
        flags=flags,
        claims=claims,
        checklist=checklist,
        notices=run.notices,
        prompts=prompts,
        usage=usage,
        timings=run.timings,
    )

__all__ = ["MAX_ARTICLE_CHARS", "ReviewInput", "SourceOutcome", "review", "supplied_paper", "validate_text"]
