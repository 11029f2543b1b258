"""conflict-of-interest: the paper reports industry funding or competing interests that the article leaves out.

Public funders (NIH, a research council, a charity) are not a conflict; a company is. The paper's funding and
competing-interests fields are read for company markers (Inc., Ltd, Pharma, "employee of", "holds shares",
"patent"); a declaration of none ("The authors declare no competing interests") is not one. The article clears
the check by mentioning funding or interests at all, or by naming the company.
"""

from __future__ import annotations

import re

from caveat.analysis.spans import lede_sentence, make_flag, metadata_evidence
from caveat.core.models import Flag, Paper
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check", "industry_ties"]

_FUNDED = Paper(
    title="Omega capsules and joint pain: a randomised trial",
    funding=["Norvale Pharma Ltd"],
    abstract="In a randomised trial of 260 adults, omega capsules reduced joint pain scores compared with placebo.",
)
DECLARATION = CheckDeclaration(
    id="conflict-of-interest",
    severity="medium",
    items=(6,),
    summary="industry funding or competing interests the article does not mention",
    title="The study's industry funding or ties are not mentioned",
    compares="article vs paper",
    fires=(Example("Capsules ease joint pain\n\nOmega capsules reduced joint pain in a trial of 260 adults.",
                   _FUNDED),),
    does_not_fire=(Example("Capsules ease joint pain\n\nOmega capsules reduced joint pain in a trial of 260 adults. "
                           "The trial was funded by Norvale Pharma, which makes the capsules.", _FUNDED),),
)

_INDUSTRY = re.compile(
    r"\b(?:Inc|Ltd|LLC|GmbH|plc|PLC|S\.A|AG|Corp|Co)\b\.?|\b(?:Pharma\w*|Therapeutics|Biotech\w*|Biosciences|"
    r"Pharmaceuticals?|Corporation|Company|Laboratories|Holdings|Diagnostics|Medical Devices)\b|"
    r"\b(?:employee|employed by|consultant|consultancy|consulting fees?|shareholder|holds? shares|stock options?|"
    r"equity|patents?|honorari(?:a|um)|advisory board|speakers?'? (?:fees|bureau)|royalt(?:y|ies)|founder of|"
    r"co-?founder)\b",
    re.IGNORECASE,
)
_NONE_DECLARED = re.compile(r"\b(?:no|none|nothing)\b[^.]*\b(?:competing|conflicts?|interests?|disclose)|^\s*none\b",
                            re.IGNORECASE)
_MENTIONED = re.compile(
    r"\bfund\w*|\bpaid for\b|\bsponsor\w*|\bbacked by\b|\bfinanced\b|\bconflicts? of interest\b|"
    r"\bcompeting interests?\b|\bfinancial (?:ties|interests?|links?)\b|\bconsultants?\b|\bdisclos\w*|"
    r"\bholds? shares\b|\bworks? for\b",
    re.IGNORECASE,
)


def industry_ties(paper: Paper) -> list[tuple[str, str]]:
    """(field, text) of each funding entry or competing-interests statement that names industry."""
    ties: list[tuple[str, str]] = [("funding", f) for f in paper.funding if _INDUSTRY.search(f)]
    ci = paper.competing_interests.strip()
    if ci:
        parts = [p for p in re.split(r"(?<=[.;])\s+", ci) if p.strip()]
        ties += [("competing_interests", p) for p in parts
                 if _INDUSTRY.search(p) and not _NONE_DECLARED.search(p)]
    return ties


def _company_words(text: str) -> list[str]:
    """Distinctive capitalised words of a company name ('Novo Nordisk A/S' -> ['Novo', 'Nordisk'])."""
    return [w for w in re.findall(r"\b[A-Z][A-Za-z0-9-]{2,}\b", text)
            if not _INDUSTRY.fullmatch(w) and w not in {"The", "This", "Grant", "Dr", "Prof"}]


def check(ctx: CheckContext) -> list[Flag]:
    paper = ctx.paper
    if paper is None:
        return []
    ties = industry_ties(paper)
    if not ties:
        return []
    text = ctx.article.text
    if _MENTIONED.search(text):
        return []
    if any(word in text for _, tie in ties for word in _company_words(tie)):
        return []
    target = lede_sentence(ctx.article)
    if target is None:
        return []
    what = ties[0][1][:120]
    return [make_flag("conflict-of-interest", ctx.article, target.start, target.end, severity="medium",
                      message=f"The paper reports industry ties ('{what}') that the article never mentions.",
                      evidence=[metadata_evidence(field, tie, "industry funding or interest") for field, tie in ties],
                      suggestion=f"Add who funded the study and any competing interests, e.g. '{what}'.",
                      confidence=0.8)]
