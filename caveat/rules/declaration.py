"""How a rule module declares itself: one frozen object that says everything the rest of Caveat needs to know.

Each rule module in caveat/rules has a ``DECLARATION`` (a :class:`CheckDeclaration`) near its top and a
``check(ctx)`` function. The registry finds them; the checklist mapping, the language-model reviewer's default
severities, the README's checks table and the tests are all read from the declarations, so adding a check is its
module, its ``CheckId`` entry and its table rows, and the facts about a check are written once, beside its code
(as proselint's rule modules do). The examples are part of the contract: a test runs every one of them through
the check and asserts that it fires, or does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from caveat.core.models import SEVERITIES, CheckId, Paper, Severity

__all__ = ["CheckDeclaration", "Example"]


@dataclass(frozen=True)
class Example:
    """A short invented article (headline, blank line, body) and the paper it reports, when the check needs one.

    ``paper`` carries only the fields the check reads; None means the check runs as it would with no paper found.
    """

    article: str
    paper: Paper | None = None

    def __post_init__(self) -> None:
        if not self.article.strip():
            raise ValueError("an example needs an article text")


@dataclass(frozen=True)
class CheckDeclaration:
    """What a check is, for the registry, the checklist, the reviewer, the README and an editor.

    - ``id``: the check id (an entry of ``CheckId``, which fixes the order).
    - ``severity``: the default severity (CHECKLIST.md section 2), used by the language-model reviewer when the
      model gives none; ``other_severities`` are the others the rule may give, ``severity_note`` says when.
    - ``items``: the checklist items (CHECKLIST.md section 3) that the check's flags raise.
    - ``summary``: what it flags, in one line: the README checks table's text.
    - ``title``: the same in plain words an editor understands at a glance (a card title).
    - ``todo``: what the editor should do about one of its flags, in one line (shown on the card and in the report).
    - ``compares``: what the judgement compares (the article alone, or the article against the paper).
    - ``fires`` / ``does_not_fire``: invented examples, each run through the check by a test.
    - ``judge_hint``: how the claim-judging prompt (prompts/judge_claims.md) describes the check to the language
      model; empty when the model does not judge this check sentence by sentence.
    """

    id: CheckId
    severity: Severity
    items: tuple[int, ...]
    summary: str
    title: str
    todo: str
    compares: str
    fires: tuple[Example, ...]
    does_not_fire: tuple[Example, ...]
    other_severities: tuple[Severity, ...] = ()
    severity_note: str = ""
    judge_hint: str = ""

    def __post_init__(self) -> None:
        """Refuse a declaration that would break a consumer later: at import, beside the mistake."""
        problems = [
            *(f"{name} must be one non-empty line" for name in ("summary", "title", "todo", "compares")
              if not _one_line(getattr(self, name))),
            *(["severities must be among " + ", ".join(SEVERITIES)]
              if not {self.severity, *self.other_severities} <= set(SEVERITIES) else []),
            *(["items must be checklist item numbers (1 and up), at least one"]
              if not self.items or any(n < 1 for n in self.items) else []),
            *(["at least one example that fires and one that does not"] if not (self.fires and self.does_not_fire)
              else []),
            *(["severity_note says when the other severities apply; give both or neither"]
              if bool(self.other_severities) != bool(self.severity_note) else []),
            *(["judge_hint must be one line"] if self.judge_hint and not _one_line(self.judge_hint) else []),
        ]
        if problems:
            raise ValueError(f"declaration of {self.id!r}: " + "; ".join(problems))

    @property
    def needs_paper(self) -> bool:
        """True when the judgement compares the article with the paper (its abstract, metadata or status): without
        a paper the check cannot run, and the page says so."""
        return "paper" in self.compares or "abstract" in self.compares

    @property
    def severities(self) -> frozenset[Severity]:
        """Every severity the rule may give its flags."""
        return frozenset({self.severity, *self.other_severities})

    @property
    def severity_text(self) -> str:
        """The severity as the README and CHECKLIST.md write it: 'medium (high in a headline)'."""
        return f"{self.severity} ({self.severity_note})" if self.severity_note else self.severity

    def readme_row(self) -> str:
        """This check's row of the README checks table."""
        return f"| `{self.id}` | {self.summary} | {self.severity_text} |"


def _one_line(text: str) -> bool:
    return bool(text.strip()) and "\n" not in text
