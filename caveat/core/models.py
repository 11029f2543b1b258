"""The data that flows through Caveat, stage to stage.

Every stage is a function from these models to these models, so the shapes here are the contract between
the retrieval, checks and report packages, the command line and the page. A `Review` is also the record
the editor keeps: it must survive a JSON round trip unchanged, which is why everything is plain data
(strings, numbers, lists, dicts) with no computed state.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

CheckId = Literal[
    "hype",
    "animal-to-human",
    "causal-claim",
    "certainty",
    "advice",
    "missing-stage-caveat",
    "preprint",
    "retracted",
    "unsourced-number",
    "harms",
    "benefit-size",
    "independent-source",
    "conflict-of-interest",
    "sample-size",
    "citation-mismatch",
]
"""The check ids of CHECKLIST.md: a public interface (JSON output, tests, evaluation). Keep them exactly.

This is the one place that orders the checks (CHECKLIST.md section 2): each id is declared by its rule module
(``DECLARATION`` in caveat/rules), and the registry runs and lists them in this order."""

CHECK_IDS: tuple[CheckId, ...] = get_args(CheckId)

Severity = Literal["high", "medium", "low"]
"""Most severe first: this order is the only definition of which severity outranks which."""

SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
"""0 for the most severe. Every sort and comparison of severities uses this, so the order is defined once."""
Engine = Literal["rules", "llm", "rules+llm"]

PeerReview = Literal[
    "peer-reviewed",
    "reviewed-preprint",
    "preprint",
    "conference-abstract",
    "retracted",
    "corrected",
    "expression-of-concern",
    "unknown",
]
"""Where the paper stands; the first label of every report (after the Science Media Centre's labels)."""

Design = Literal[
    "randomised controlled trial",
    "cohort",
    "case-control",
    "cross-sectional",
    "observational",
    "meta-analysis or systematic review",
    "animal experiment",
    "in vitro",
    "computer model",
    "qualitative",
    "case report",
    "other",
    "unknown",
]

Subjects = Literal["people", "animals", "cells", "none", "unknown"]

Stage = Literal[
    "preclinical",
    "phase 1",
    "phase 2",
    "phase 3",
    "phase 4",
    "pilot",
    "observational",
    "clinical",
    "unknown",
]

CitationKind = Literal["doi", "pmid", "pmcid", "arxiv", "url", "bibliographic"]

ChecklistStatus = Literal["pass", "flag", "editor", "na"]
DecisionStatus = Literal["open", "accepted", "dismissed", "edited"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """Exact text at character offsets [start, end) of some text (the article's, or the abstract's)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Sentence(Span):
    """A sentence of the article with where it sits, so that checks can weigh a headline or a lede."""

    index: int
    paragraph: int
    in_quote: bool = False
    """True when the whole sentence is inside quotation marks (somebody's words, not the writer's)."""


class Paragraph(Span):
    index: int


class Article(_Frozen):
    """The text the editor gave, split so that every flag can point at exact characters of it."""

    text: str
    headline: str = ""
    headline_span: Span | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    source: str = "pasted"
    """Where it came from: 'pasted', 'stdin', or a file name."""


class Citation(_Frozen):
    """A pointer to a paper found in the article: an identifier or a bibliographic mention."""

    kind: CitationKind
    value: str
    span: Span
    confidence: float = Field(ge=0.0, le=1.0)
    details: dict[str, str] = Field(default_factory=dict)
    """For bibliographic mentions: journal, author, year, title as found."""


class AbstractSection(_Frozen):
    label: str = ""
    text: str


SectionKind = Literal[
    "introduction",
    "methods",
    "results",
    "discussion",
    "conclusions",
    "limitations",
    "adverse-events",
    "funding",
    "competing-interests",
    "trial-registration",
    "data-availability",
    "acknowledgements",
    "other",
]
"""What a full-text section is for, whatever the paper calls it: the checks ask for a kind, not a title."""


class PaperSection(_Frozen):
    """One section of the paper's open full text (JATS or PDF), the unit a full-text quote is taken from."""

    kind: SectionKind = "other"
    title: str = ""
    """Where it sits, as the paper names it, parents first: "Methods, Animals"."""
    text: str


AssessmentAxis = Literal["significance", "strength"]


class AssessmentTerm(_Frozen):
    """One of eLife's fixed assessment terms ("important", "incomplete") and the sentence it sits in."""

    term: str
    axis: AssessmentAxis
    sentence: str


class Assessment(_Frozen):
    """eLife's editors' assessment of one version of a paper: fixed terms grade significance and evidence."""

    text: str
    terms: list[AssessmentTerm] = Field(default_factory=list)
    version: str = ""
    """The version it assesses ("1", "2", "VOR") when the source says."""
    source: str = ""


UpdateKind = Literal["correction", "retraction", "expression-of-concern", "withdrawal", "other"]


class UpdateNotice(_Frozen):
    """A notice that changes the paper (Crossref update-to / updated-by); a new version is not a notice."""

    kind: UpdateKind
    doi: str = ""
    date: str = ""
    label: str = ""
    """The source's own word for it ("Retraction", "Correction")."""


class Paper(_Frozen):
    """What is known about the cited paper, and which source said each thing."""

    doi: str | None = None
    concept_doi: str | None = None
    version_of_record_doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    arxiv_id: str | None = None
    title: str = ""
    authors: list[str] = Field(default_factory=list)
    journal: str = ""
    published: str = ""
    """ISO date, or the year alone when that is all a source gives."""
    abstract: str = ""
    abstract_sections: list[AbstractSection] = Field(default_factory=list)
    publication_types: list[str] = Field(default_factory=list)
    status: PeerReview = "unknown"
    preprint_of: str | None = None
    """For a preprint or reviewed preprint: the DOI of the server copy it came from, when known."""
    published_as: str | None = None
    """For a preprint: the DOI of the journal article it became, when known."""
    funding: list[str] = Field(default_factory=list)
    competing_interests: str = ""
    license: str = ""
    sources: dict[str, str] = Field(default_factory=dict)
    """Field name -> the source that gave it (crossref, pubmed, editor, library...)."""
    full_text: list[PaperSection] = Field(default_factory=list)
    """Open full text by section, when a source had it (Europe PMC, PMC, bioRxiv JATS, the editor's PDF)."""
    assessments: list[Assessment] = Field(default_factory=list)
    """eLife assessments, one per assessed version, oldest first."""
    updates: list[UpdateNotice] = Field(default_factory=list)
    fetched_at: str = ""
    notes: str = ""

    @property
    def year(self) -> int | None:
        head = self.published[:4]
        return int(head) if head.isdigit() else None


class Evidence(_Frozen):
    """What a judgement rests on: a span of the article or the abstract, or a metadata field."""

    kind: Literal["article", "abstract", "metadata", "fulltext"]
    start: int | None = None
    end: int | None = None
    """Offsets into the article, the abstract, or (for full text) the section's text."""
    text: str
    field: str | None = None
    """For metadata evidence: the Paper field (status, funding, publication_types...)."""
    section: str = ""
    """For full-text evidence: the section's title path ("Methods, Animals"), as the flag shows it."""
    note: str = ""


class Labelled(_Frozen):
    """A profile label and the evidence that decided it."""

    value: str
    evidence: Evidence | None = None


class Conclusion(_Frozen):
    """A conclusion sentence of the abstract, with its claim strength on CHECKLIST.md's 0-3 scale."""

    span: Span
    strength: int = Field(ge=0, le=3)
    hedged: bool = False


class StudyProfile(_Frozen):
    design: Design = "unknown"
    design_evidence: Evidence | None = None
    subjects: Subjects = "unknown"
    species: list[str] = Field(default_factory=list)
    subjects_evidence: Evidence | None = None
    sample_size: int | None = None
    sample_evidence: Evidence | None = None
    stage: Stage = "unknown"
    stage_evidence: Evidence | None = None
    peer_review: PeerReview = "unknown"
    peer_review_evidence: Evidence | None = None
    intervention: str = ""
    conclusions: list[Conclusion] = Field(default_factory=list)
    conclusion_strength: int | None = None
    """The strongest claim among the conclusions, 0-3; None without an abstract."""
    hedges: list[Span] = Field(default_factory=list)
    engine: Engine = "rules"
    design_ceiling: int | None = Field(default=None, ge=0, le=3)
    """The strongest claim (0-3) the design itself can support: 3 for experiments (trials, animal, cell and lab
    experiments), 1 for observational designs, None when the profile cannot tell. Distinct from
    conclusion_strength, which is what the paper says."""
    population: str = ""
    """A restriction on who was studied that a story may stretch ('aged 65-88', 'older adults', 'male'); '' when
    none is stated. Its evidence is population_evidence."""
    population_evidence: Evidence | None = None
    duration: str = ""
    """How long the study ran or followed its subjects ("12 weeks"), from the abstract or else the methods."""
    duration_evidence: Evidence | None = None
    subgroup_size: int | None = None
    """The smallest analysed subgroup the abstract names ('18 of whom completed'), when smaller than sample_size."""
    subgroup_evidence: Evidence | None = None


class Flag(_Frozen):
    """One overclaim: the exact words, the exact evidence, what to do about it."""

    id: str
    """Stable within a review (check id + span), so that decisions survive a re-run of the same text."""
    check: CheckId
    severity: Severity
    message: str
    article_span: Span
    evidence: list[Evidence] = Field(default_factory=list)
    suggestion: str = ""
    engine: Engine = "rules"
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)


ClaimRole = Literal["headline", "lede", "conclusion", "quote", "advice", "finding"]
"""Where an article's claim about the study sits: what readers see first, what the writer or a speaker concludes."""


class ClaimReading(_Frozen):
    """One side's wording of a finding read on the four axes the claim is compared on.

    Each field is a reading with its cue words, so a flag built on a difference can quote what decided it.
    """

    strength: int = Field(default=0, ge=0, le=3)
    """CHECKLIST.md's 0-3 scale: none, correlational, conditional causal, direct causal."""
    strength_cue: str = ""
    hedges: list[str] = Field(default_factory=list)
    """Hedge words in the sentence ('may', 'consistent with', 'candidate'); empty means stated as settled."""
    boosters: list[str] = Field(default_factory=list)
    """Certainty boosters ('proves', 'has been shown', 'it's official')."""
    subjects: Subjects = "unknown"
    species: list[str] = Field(default_factory=list)
    subject_cue: str = ""
    scope: list[str] = Field(default_factory=list)
    """Population and outcome terms the sentence names (a group, a disease, a marker)."""


class Claim(_Frozen):
    """A claim the article makes about the study, beside the sentence of the paper (or article) it rests on."""

    id: str
    role: ClaimRole
    text: str
    article_span: Span
    evidence: Evidence | None = None
    """The abstract sentence it aligns with (results or conclusion), or, without a paper, what the article itself
    says the study found."""
    evidence_role: str = ""
    """'result', 'conclusion', 'method', 'background' or 'article' (the story's own account of the study)."""
    alignment: float = Field(default=0.0, ge=0.0, le=1.0)
    """How closely the evidence states the same finding (rarity-weighted share of the claim's words)."""
    article: ClaimReading = Field(default_factory=ClaimReading)
    paper: ClaimReading | None = None
    differences: list[str] = Field(default_factory=list)
    """Plain statements of where the article goes further than its evidence (empty when faithful)."""
    speaker: str = ""
    """For a quoted claim: 'affiliated' (the study's own people), 'independent' or 'unknown'; empty otherwise."""
    engine: Engine = "rules"


class ChecklistItem(_Frozen):
    number: int = Field(ge=1, le=12)
    key: str
    title: str
    criterion: str
    status: ChecklistStatus
    flag_ids: list[str] = Field(default_factory=list)
    hint: str = ""


class Decision(_Frozen):
    """The editor's word on a flag or a checklist item; kept in the Review, never lost."""

    status: DecisionStatus = "open"
    note: str = ""
    edited_message: str = ""
    edited_suggestion: str = ""
    at: str = ""


class SourceOutcome(_Frozen):
    """What one scholarly source did for this review, so the editor sees who answered."""

    source: str
    outcome: Literal["found", "not-found", "error", "timeout", "skipped", "offline"]
    detail: str = ""
    seconds: float = 0.0


class Usage(_Frozen):
    """Language-model spend for one review."""

    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    calls: int = 0
    dropped_quotes: int = 0


class Review(BaseModel):
    """Everything about one review of one article: the record the app keeps and the reports are made from."""

    model_config = ConfigDict(extra="forbid")

    id: str
    created_at: str
    updated_at: str = ""
    tool_version: str
    article: Article
    citations: list[Citation] = Field(default_factory=list)
    paper: Paper | None = None
    related_papers: list[Paper] = Field(default_factory=list)
    """Other versions of the paper (preprint vs journal article) when they differ."""
    sources: list[SourceOutcome] = Field(default_factory=list)
    profile: StudyProfile = Field(default_factory=StudyProfile)
    flags: list[Flag] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    """The article's claims about the study, each beside its evidence (see caveat.analysis.claims)."""
    checklist: list[ChecklistItem] = Field(default_factory=list)
    flag_decisions: dict[str, Decision] = Field(default_factory=dict)
    item_decisions: dict[int, Decision] = Field(default_factory=dict)
    notices: list[str] = Field(default_factory=list)
    """Plain-language notes for the editor: what could not be done and what to do instead."""
    prompts: dict[str, str] = Field(default_factory=dict)
    """Prompt name -> version, for every prompt the language model was given."""
    usage: Usage | None = None
    timings: dict[str, float] = Field(default_factory=dict)
