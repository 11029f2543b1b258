"""Every rule check, found by its declaration, run in CHECKLIST.md order, its flags sorted for an editor.

The registry is built from the rule modules themselves: each module of caveat.rules with a ``DECLARATION`` (see
caveat.rules.declaration) and a ``check(ctx)`` is a check, so adding one is its module, its ``CheckId`` entry and
its table rows. The order comes from ``CheckId`` alone (one source for CHECKLIST.md section 2's order); a check id
with no module, a module whose id is not a ``CheckId`` or two modules with one id stop the import with the reason.

One check failing must not lose the others, and must not pass silently either: the error propagates (a bug in a
rule is a bug to fix, not a flag to drop), so the registry does not catch. Order of flags: severity first (high
before medium before low), then position in the article, so the few flags that matter most come first.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from caveat.analysis.article import parse_article
from caveat.analysis.article_study import article_fallback
from caveat.analysis.profile import build_profile
from caveat.core import limits, models
from caveat.core.models import SEVERITY_RANK, Article, Citation, Evidence, Flag, Paper, Severity, StudyProfile
from caveat.core.text import clip_around
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = [
    "CHECKS",
    "RegisteredCheck",
    "bounded",
    "cap_flags",
    "checks_for_item",
    "checks_table",
    "declaration",
    "declarations",
    "default_severities",
    "registered",
    "run_checks",
    "run_example",
    "sort_flags",
]

CheckFunction = Callable[[CheckContext], list[Flag]]
_PACKAGE = "caveat.rules"
_TABLE_HEAD = ("| id | flags | severity |", "| --- | --- | --- |")


@dataclass(frozen=True)
class RegisteredCheck:
    """A declaration and the function that runs it, from one rule module."""

    declaration: CheckDeclaration
    check: CheckFunction
    module: str

    @property
    def id(self) -> str:
        return self.declaration.id


def _discover() -> list[RegisteredCheck]:
    """Import every public module of caveat.rules and keep those that declare a check."""
    package = importlib.import_module(_PACKAGE)
    found: list[RegisteredCheck] = []
    for info in pkgutil.iter_modules(package.__path__, f"{_PACKAGE}."):
        if info.name.rpartition(".")[2].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        declared = getattr(module, "DECLARATION", None)
        if declared is None:
            continue
        if not isinstance(declared, CheckDeclaration):
            raise TypeError(f"{info.name}.DECLARATION must be a CheckDeclaration, not {type(declared).__name__}")
        check = getattr(module, "check", None)
        if not callable(check):
            raise TypeError(f"{info.name} declares {declared.id!r} but has no check(ctx) function")
        found.append(RegisteredCheck(declared, check, info.name))
    return found


@cache
def registered() -> tuple[RegisteredCheck, ...]:
    """The declared checks in ``CheckId`` order; raises when declarations and ``CheckId`` disagree."""
    order = models.CHECK_IDS  # read at call time, so that a test may extend it
    found = _discover()
    by_id: dict[str, RegisteredCheck] = {}
    for entry in found:
        if entry.id in by_id:
            raise ValueError(f"check {entry.id!r} is declared twice: {by_id[entry.id].module} and {entry.module}")
        by_id[entry.id] = entry
    unknown = sorted(set(by_id) - set(order))
    missing = [check for check in order if check not in by_id]
    if unknown or missing:
        raise ValueError(f"rule modules and CheckId disagree: declared but not in CheckId {unknown}, "
                         f"in CheckId with no rule module {missing}")
    return tuple(by_id[check] for check in order)


def declarations() -> tuple[CheckDeclaration, ...]:
    """Every check's declaration, in CHECKLIST.md order."""
    return tuple(entry.declaration for entry in registered())


def declaration(check: str) -> CheckDeclaration:
    """The declaration of one check id; KeyError names the id when no module declares it."""
    for declared in declarations():
        if declared.id == check:
            return declared
    raise KeyError(check)


def checks_for_item(number: int) -> tuple[str, ...]:
    """The check ids whose flags raise checklist item ``number``, in CHECKLIST.md order."""
    return tuple(d.id for d in declarations() if number in d.items)


def default_severities() -> dict[str, Severity]:
    """Check id -> its declared default severity."""
    return {d.id: d.severity for d in declarations()}


def checks_table() -> str:
    """The README's checks table, generated from the declarations (``python -m caveat.rules.registry``)."""
    return "\n".join([*_TABLE_HEAD, *(d.readme_row() for d in declarations())])


CHECKS: dict[str, CheckFunction] = {entry.id: entry.check for entry in registered()}
"""Check id -> its function, as found at import (``registered()`` is the live view)."""


def sort_flags(flags: Iterable[Flag]) -> list[Flag]:
    """High before medium before low; within a severity, in reading order; CHECKLIST order breaks ties."""
    order = {check: i for i, check in enumerate(models.CHECK_IDS)}
    return sorted(flags, key=lambda f: (SEVERITY_RANK[f.severity], f.article_span.start, order[f.check]))


def cap_flags(flags: Iterable[Flag], limit: int = limits.FLAGS_PER_REVIEW) -> tuple[list[Flag], int]:
    """(the flags kept, how many were dropped): at most `limit`, the least severe dropped first, then the latest.

    Past a few hundred flags an article is hostile or broken, not a story with many problems; a bound keeps the
    review (and every export) linear in the article, and keeping the most severe keeps what the editor needs.
    Kept flags stay in their given order.
    """
    flags = list(flags)
    if len(flags) <= limit:
        return flags, 0
    keep = {id(f) for f in sort_flags(flags)[:limit]}
    return [f for f in flags if id(f) in keep], len(flags) - limit


def _short_evidence(evidence: Evidence) -> Evidence:
    """Evidence cut to its first `limits.EVIDENCE_CHARS` characters at a word; its offsets still hold its text."""
    if len(evidence.text) <= limits.EVIDENCE_CHARS:
        return evidence
    cut = evidence.text.rfind(" ", 0, limits.EVIDENCE_CHARS)
    cut = cut if cut > 0 else limits.EVIDENCE_CHARS
    end = None if evidence.start is None else evidence.start + cut
    note = f"{evidence.note}; " if evidence.note else ""
    return evidence.model_copy(update={"text": evidence.text[:cut], "end": end,
                                       "note": f"{note}the first {cut:,} of its {len(evidence.text):,} characters"})


def bounded(flag: Flag) -> Flag:
    """A flag whose suggestion fits `limits.SUGGESTION_CHARS` and whose evidence quotes fit `limits.EVIDENCE_CHARS`.

    The rules cut their suggestions around the change; this is the backstop for any that did not (cut from its
    start, so what is kept is verbatim). One very long abstract sentence is the evidence of every hype flag: cut
    once here, it cannot multiply the review's size by the number of flags.
    """
    update: dict[str, object] = {}
    if len(flag.suggestion) > limits.SUGGESTION_CHARS:
        update["suggestion"] = clip_around(flag.suggestion, 0, 0, limits.SUGGESTION_CHARS)
    if any(len(ev.text) > limits.EVIDENCE_CHARS for ev in flag.evidence):
        update["evidence"] = [_short_evidence(ev) for ev in flag.evidence]
    return flag.model_copy(update=update) if update else flag


def _context(article: Article, paper: Paper | None, profile: StudyProfile, citations: Iterable[Citation] = (),
             aligner: Any | None = None) -> CheckContext:
    """What every check is given. Without a paper, or with one that names no design or subjects, the lab/animal
    labels are read from the article itself (see caveat.analysis.article_study)."""
    profile = article_fallback(profile, article, paper is not None)
    return CheckContext(article=article, paper=paper, profile=profile, citations=tuple(citations), aligner=aligner)


def run_checks(
    article: Article,
    paper: Paper | None,
    profile: StudyProfile,
    citations: Iterable[Citation] = (),
    aligner: Any | None = None,
) -> list[Flag]:
    """Run every rule check and return their flags, sorted, with duplicate ids removed.

    Without a paper (or with one that names no design or subjects), the lab/animal labels are read from the article
    itself (see caveat.analysis.article_study), so that a mouse study told as a human cure is still caught offline;
    flags resting on them carry article evidence.
    """
    ctx = _context(article, paper, profile, citations, aligner)
    seen: dict[str, Flag] = {}
    for entry in registered():
        for flag in entry.check(ctx):
            seen.setdefault(flag.id, bounded(flag))
    return sort_flags(seen.values())


def run_example(entry: RegisteredCheck, example: Example) -> list[Flag]:
    """One declared example through its check alone, with the same context a review would give it."""
    return entry.check(_context(parse_article(example.article), example.paper, build_profile(example.paper)))


if __name__ == "__main__":
    print(checks_table())
