"""The editor's twelve-item checklist (CHECKLIST.md section 3), built from the flags and the texts.

Each item is Pass, Flag (listing its flags), Editor to check (the rules cannot judge it from text; the hint says
what was found and what to look for) or Not applicable. How each status is decided:

1. costs: always "editor"; the hint quotes the cost words found (price, cost, insurance...) or says none were.
2. benefits: "flag" with a benefit-size or unsourced-number flag; "editor" when the story gives no number at all
   (no percentage, ratio or count: nothing is quantified, which the rules cannot prove is wrong but an editor should
   see); else "pass" (numbers are given, and no relative-only or vague benefit wording was found).
3. harms: "flag" with a harms flag; "na" when the story is not about an intervention (nor about a randomised trial
   whose full text reports harms); else "pass".
4. quality of evidence: "flag" with any of animal-to-human, causal-claim, certainty, missing-stage-caveat,
   sample-size, preprint, retracted; "editor" without a paper (nothing to judge design or peer review from);
   else "pass". The hint gives eLife's grade when the paper has an assessment, and quotes the paper's first
   admitted limitation (its Limitations section) when the story says nothing of the study's limits.
5. disease-mongering: always "editor"; the hint quotes prevalence and severity wording ("8 out of 10", "epidemic").
6. independent sources and conflicts: "flag" with an independent-source or conflict-of-interest flag; "editor"
   with the checks' own reasons when they could not decide (nobody is quoted; a named person whose link to the
   study is unknown; a funder that may be a company), or when there is no paper to read the funding from and the
   story never mentions funding; else "pass".
7. alternatives: always "editor", with the comparison wording found or missing.
8. availability: always "editor", with the availability wording found or missing.
9. novelty: "flag" with a hype flag on a novelty word (first-ever, unprecedented); else "editor" with the novelty
   words found ("new", "first"), since only the editor knows what came before.
10. sensational language: "flag" with any hype flag, else "pass".
11. advice: "flag" with an advice flag; "editor" when the article advises readers but no abstract was available to
    compare; else "pass".
12. citation details: "flag" with a citation-mismatch flag; "editor" without a paper; else "pass".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caveat.analysis.assessment import assessment_label
from caveat.analysis.fulltext import section_name, sections_of, sentences_of
from caveat.core.models import Article, ChecklistItem, ChecklistStatus, Flag, Paper, StudyProfile
from caveat.rules import conflict_of_interest, independent_source
from caveat.rules.advice import reader_advice
from caveat.rules.benefit_size import ABSOLUTE
from caveat.rules.harms import intervention_story, paper_harms
from caveat.rules.hype import NOVELTY_WORDS
from caveat.rules.registry import checks_for_item
from caveat.rules.unsourced_number import statistics

__all__ = ["ITEMS", "build_checklist"]


@dataclass(frozen=True)
class _Item:
    number: int
    key: str
    title: str
    criterion: str

    @property
    def checks(self) -> tuple[str, ...]:
        """The checks whose flags raise this item, read from their declarations: a new check needs no edit here."""
        return checks_for_item(self.number)


ITEMS: tuple[_Item, ...] = (
    _Item(1, "costs", "Costs of the intervention are discussed", "costs"),
    _Item(2, "benefits", "Benefits are quantified, in absolute terms", "benefits quantified"),
    _Item(3, "harms", "Harms and side effects are explained", "harms"),
    _Item(4, "evidence", "The quality of the evidence is explained: design, size, stage, limitations, peer review",
          "quality of evidence"),
    _Item(5, "disease-mongering", "No disease-mongering (a condition made to seem more common or severe than it is)",
          "disease-mongering"),
    _Item(6, "sources", "Independent sources are quoted and conflicts of interest disclosed",
          "independent sources / funding and conflicts"),
    _Item(7, "alternatives", "The new approach is compared with existing alternatives", "alternatives"),
    _Item(8, "availability", "Availability is established (is it on the market, when, for whom)", "availability"),
    _Item(9, "novelty", "True novelty is established", "novelty"),
    _Item(10, "sensational", "No unjustified sensational language, including in quotes",
          "sensational language (press-release version) / relies on a news release (news version)"),
    _Item(11, "advice", "Advice to readers is supported by the study", "(Sumner 2014: advice)"),
    _Item(12, "citation", "Citation details are right (journal, date, authors, DOI)", "—"),
)

_COST = re.compile(r"\bcosts?\b|\bprices?d?\b|\bexpensive\b|\bcheap\w*\b|\bafford\w*|\binsurance\b|\binsurers?\b|"
                   r"\breimburs\w*|\bper (?:dose|month|year|course)\b|[$£€]\s?\d", re.IGNORECASE)
_MONGERING = re.compile(r"\b\d+ (?:out of|in) \d+\b|\b\d+(?:\.\d+)?\s?(?:%|per ?cent)\b|\bmillions\b|\bepidemic\b|"
                        r"\bsilent killer\b|\bcrisis\b|\bcommon\b|\bdeadly\b|\bdevastating\b|\bplague\w*\b",
                        re.IGNORECASE)
_FUNDING = re.compile(r"\bfund\w*|\bgrants?\b|\bsponsor\w*|\bsupported by\b|\bpaid for\b|\bfinanced\b|"
                      r"\bconflicts? of interest\b|\bcompeting interests?\b|\bdisclos\w*", re.IGNORECASE)

_EVIDENCE_WORDS = re.compile(
    r"\blimitations?\b|\bcaution\w*\b|\bcannot (?:prove|show|establish)\b|\bdoes not (?:prove|show|mean)\b|"
    r"\bpreliminary\b|\bsmall (?:study|trial|sample|number)\b|\bobservational\b|\bassociation\b|\bcausal\w*\b|"
    r"\bmore research\b|\bfurther (?:research|studies|study)\b|\bneeds? to be confirmed\b|\brandomi[sz]ed\b|"
    r"\bplacebo\b|\bcontrolled\b",
    re.IGNORECASE,
)


def explains_evidence(text: str) -> bool:
    """Whether the story says anything about the study's design or limits (randomised, observational, small,
    preliminary, cannot prove...). Used when no paper was found, so that item 4's hint says what is missing."""
    return bool(_EVIDENCE_WORDS.search(text))


def mentions_funding(text: str) -> bool:
    """Whether the story says anything about who paid for the work or about competing interests."""
    return bool(_FUNDING.search(text))


_ALTERNATIVES = re.compile(r"\bcompared (?:with|to)\b|\bexisting (?:treatments?|drugs?|therap\w+|options?)\b|"
                           r"\bcurrent (?:treatments?|drugs?|therap\w+|options?|care)\b|\balternatives?\b|"
                           r"\bstandard (?:care|treatment|of care)\b|\bplacebo\b|\binstead of\b|\bbetter than\b",
                           re.IGNORECASE)
_AVAILABILITY = re.compile(r"\bavailable\b|\bavailability\b|\bon the market\b|\bapproved\b|\bapproval\b|\bFDA\b|"
                           r"\bEMA\b|\bMHRA\b|\bNHS\b|\bprescri\w+|\blicen[cs]ed\b|\bover the counter\b|"
                           r"\bcould be used\b|\bin (?:the )?clinic\b", re.IGNORECASE)
_NEW = re.compile(r"\bnew\b|\bnovel\b|\bfirst\b|\bnever before\b|\bunprecedented\b|\bfirst[- ]ever\b",
                  re.IGNORECASE)


def _found(pattern: re.Pattern[str], text: str, what: str, missing: str, limit: int = 4) -> str:
    first_seen: dict[str, str] = {}
    for m in pattern.finditer(text):
        first_seen.setdefault(m.group(0).lower(), m.group(0))
    words = list(first_seen.values())
    if not words:
        return missing
    return f"{what}: " + ", ".join(f"'{w}'" for w in words[:limit]) + (" ..." if len(words) > limit else "")


def _sources_status(article: Article, paper: Paper | None) -> tuple[ChecklistStatus, list[str], str]:
    """Item 6 without a flag: "pass" only when the checks could decide; otherwise the editor gets their reasons.

    The voices' checks stay silent when they cannot be sure (a named person whose link to the study is unknown, a
    funder that may be a company); saying why here is what keeps that silence from reading as a pass.
    """
    reasons = [r for r in (independent_source.undecided(article, paper), conflict_of_interest.undecided(article, paper))
               if r]
    if paper is None and not _FUNDING.search(article.text):
        reasons.append("The story never says who funded the study, and no paper was found to check: ask about "
                       "funding and competing interests.")
    return ("editor", [], " ".join(reasons)) if reasons else ("pass", [], "")


def _tested_harms(paper: Paper | None, profile: StudyProfile) -> bool:
    """A randomised trial whose full text reports harms: a treatment was given, whatever the story calls it."""
    reported = paper_harms(paper) if profile.design == "randomised controlled trial" else None
    return reported is not None and not reported[1]


_LIMIT_WORDS = re.compile(
    r"\blimitations?\b|\bcaveats?\b|\bcaution\w*\b|\bcannot (?:prove|show|establish)\b|\bdoes not (?:prove|show|"
    r"mean)\b|\bpreliminary\b|\bsmall (?:study|trial|sample|number)\b|\bmore research\b|\bfurther (?:research|"
    r"studies|study|trials?)\b|\bneeds? to be confirmed\b|\blarger (?:trials?|studies|study)\b|\bshort(?:-term)?\b|"
    r"\bonly (?:\d+|a few|a handful)\b",
    re.IGNORECASE,
)
"""The story saying anything about the study's limits (narrower than `_EVIDENCE_WORDS`: naming the design is not)."""


def _limitations_hint(paper: Paper | None, text: str) -> str:
    """The paper's own first limitation, quoted, when the story says nothing of the study's limits: the editor
    can see at once what the authors admit and the story leaves out. A hint, never a flag."""
    if _LIMIT_WORDS.search(text):
        return ""
    first = next(sentences_of(sections_of(paper, "limitations")), None)
    if first is None:
        return ""
    return (f"The paper's {section_name(first.section)} section says: \"{first.span.text.strip()}\" The story says "
            "nothing about the study's limits.")


def _evidence_status(status: tuple[ChecklistStatus, list[str], str], paper: Paper | None,
                     text: str) -> tuple[ChecklistStatus, list[str], str]:
    """Item 4 once the flags are in: eLife's grade or the paper's admitted limits as the hint of a pass; "editor"
    without a paper, since nothing tells the design or the peer review."""
    if not status[1] and paper is None:
        return ("editor", [], "No paper was found: check the study's design, size, stage and peer review by hand."
                + ("" if explains_evidence(text) else " The story says nothing about the design or its limits."))
    hints = []
    if grade := assessment_label(paper):
        hints.append(f"eLife's assessment: {grade}.")
    if limits_said := _limitations_hint(paper, text):
        hints.append(limits_said)
    return (status[0], status[1], " ".join([status[2], *hints]).strip()) if hints else status


def build_checklist(flags: list[Flag], article: Article, paper: Paper | None,
                    profile: StudyProfile) -> list[ChecklistItem]:
    """The twelve items in order, each with a status, its flag ids and a hint (rules in the module docstring)."""
    by_check: dict[str, list[str]] = {}
    for flag in flags:
        by_check.setdefault(flag.check, []).append(flag.id)
    text = article.text

    def ids(item: _Item) -> list[str]:
        return [i for check in item.checks for i in by_check.get(check, [])]

    statuses: dict[int, tuple[ChecklistStatus, list[str], str]] = {}
    for item in ITEMS:
        flagged = ids(item)
        statuses[item.number] = ("flag", flagged, "") if flagged else ("pass", [], "")

    if not statuses[2][1] and not ABSOLUTE.search(text) and not statistics(text):
        statuses[2] = ("editor", [], "The story gives no numbers at all: check that it says how much the benefit "
                                     "is, in absolute terms (for how many people out of how many).")
    statuses[1] = ("editor", [], _found(_COST, text, "Cost wording found; check it covers the intervention",
                                        "No cost wording found: if the story is about an intervention, say what "
                                        "it costs and who pays."))
    if not statuses[3][1] and not intervention_story(article, profile) and not _tested_harms(paper, profile):
        statuses[3] = ("na", [], "The story is not about a drug, device or procedure.")
    statuses[4] = _evidence_status(statuses[4], paper, text)
    statuses[5] = ("editor", [], _found(_MONGERING, text, "Prevalence or severity wording to check",
                                        "No prevalence or severity wording found."))
    if not statuses[6][1]:
        statuses[6] = _sources_status(article, paper)
    statuses[7] = ("editor", [], _found(_ALTERNATIVES, text, "Comparison wording found",
                                        "No comparison with existing treatments or options found."))
    statuses[8] = ("editor", [], _found(_AVAILABILITY, text, "Availability wording found",
                                        "Nothing says whether, when or for whom it is available."))
    hype_ids = [f.id for f in flags if f.check == "hype" and NOVELTY_WORDS.search(f.article_span.text)]
    statuses[9] = ("flag", hype_ids, "") if hype_ids else (
        "editor", [], _found(_NEW, text, "Novelty claims to check against earlier work", "No novelty claims found."))
    if not statuses[11][1] and (paper is None or not paper.abstract.strip()):
        advising = any(reader_advice(s.text) for s in article.sentences if not s.in_quote)
        if advising:
            statuses[11] = ("editor", [], "The article advises readers, and no abstract was available to check "
                                          "that the study supports it.")
    if not statuses[12][1] and paper is None:
        statuses[12] = ("editor", [], "No paper was found: check the journal, date, authors and DOI by hand.")

    return [
        ChecklistItem(number=item.number, key=item.key, title=item.title, criterion=item.criterion,
                      status=statuses[item.number][0], flag_ids=statuses[item.number][1],
                      hint=statuses[item.number][2])
        for item in ITEMS
    ]
