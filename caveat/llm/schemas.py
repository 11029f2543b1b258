"""The shapes we ask the model to answer in (sent as a strict json_schema ``response_format``).

Why the check id and the labels are plain strings rather than enums: the reviewer must see an unknown id or a
made-up design to drop and count it; a schema enum would only move that failure into the server, where some
OpenAI-compatible servers ignore it anyway. Field order matters: models write fields in order, so the strength
and spin analysis come before the findings and rewrites that depend on them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Finding(BaseModel):
    """One overclaim the model sees in the article claim."""

    check: str = Field(description="One check id from the list in the instructions.")
    article_quote: str = Field(description="The overclaiming words of the claim, copied verbatim.")
    abstract_quote: str = Field(
        description="The exact words of the abstract that the judgement rests on, verbatim; empty if none."
    )
    severity: str = Field(description="high, medium or low.")
    message: str = Field(description="One sentence for the editor: what is wrong.")
    suggestion: str = Field(description="A faithful rewrite of the claim; empty if none makes sense.")
    confidence: float = Field(description="0 to 1.")


class ReadingAnswer(BaseModel):
    """One side's wording read on the four axes the rules read (caveat.core.models.ClaimReading)."""

    hedges: list[str] = Field(default_factory=list, description="Hedge words copied verbatim; empty if none.")
    subjects: str = Field(default="unknown", description="people, animals, cells, none or unknown.")
    species: list[str] = Field(default_factory=list, description="Species named, e.g. mice; empty otherwise.")
    scope: list[str] = Field(default_factory=list, description="Population and outcome words, verbatim.")


class ClaimJudgement(BaseModel):
    """The model's reading of one article claim against the abstract sentences chosen for it."""

    article_strength: int = Field(description="Claim strength of the article sentence, 0-3.")
    abstract_strength: int = Field(description="Claim strength of the abstract's own finding, 0-3.")
    abstract_sentence: str = Field(
        default="", description="The one abstract sentence the claim rests on, copied verbatim; empty if none."
    )
    article_reading: ReadingAnswer = Field(default_factory=ReadingAnswer)
    abstract_reading: ReadingAnswer = Field(default_factory=ReadingAnswer)
    spin: str = Field(description="What the article adds, drops or hardens versus the abstract.")
    findings: list[Finding] = Field(description="Overclaims found; empty when the claim is faithful.")


class ProfileAnswer(BaseModel):
    """What kind of study the abstract describes, with the sentence that shows it."""

    design: str = Field(description="One design label from the list in the instructions.")
    subjects: str = Field(description="people, animals, cells, none or unknown.")
    species: list[str] = Field(description="Species studied, e.g. mice; empty for people or none.")
    sample_size: int | None = Field(description="Number of participants or animals, if stated.")
    stage: str = Field(description="One stage label from the list in the instructions.")
    evidence_quote: str = Field(description="The abstract sentence that decides the design, copied verbatim.")


class RewriteAnswer(BaseModel):
    """A faithful replacement for a flagged article sentence."""

    rewrite: str = Field(description="The replacement sentence.")
    reason: str = Field(description="One short line: what changed and why.")


class StrengthAnswer(BaseModel):
    """Claim strength of one sentence on CHECKLIST.md's 0-3 scale (used by the evaluation)."""

    cue: str = Field(description="The words that decided the grade, copied verbatim; empty for 0.")
    strength: int = Field(description="0 none, 1 correlational, 2 conditional causal, 3 direct causal.")
