"""What every check is given: one frozen bundle, so that adding an input never changes fifteen signatures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caveat.core.models import Article, Citation, Paper, StudyProfile

__all__ = ["CheckContext"]


@dataclass(frozen=True)
class CheckContext:
    """The article, the paper (None when it was not found), its profile, the citations found in the article,
    and an optional embedder (anything with ``embed(list[str]) -> ndarray``) that alignment may use."""

    article: Article
    paper: Paper | None
    profile: StudyProfile
    citations: tuple[Citation, ...] = field(default_factory=tuple)
    aligner: Any | None = None
