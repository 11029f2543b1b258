"""conflict-of-interest: the paper reports industry funding or competing interests that the article leaves out.

Public funders (NIH, a research council, a charity) are not a conflict; a company is. A funding entry or a
competing-interests statement counts as industry when it carries a company marker (Inc., Ltd, Pharma...), a role
that ties an author to a company ("consultants to", "employees of", "holds shares", "patent", in any inflection),
or names a well-known company. A declaration of none ("The authors declare no competing interests") is not one. A
bare funder name that looks neither public nor like a company is not flagged: `undecided` hands it to the editor.
The article clears the check by mentioning funding or interests at all, or by naming the company.

With the paper's full text, the funding and competing-interests sections are read sentence by sentence with the same
markers, and the flag cites the sentence and its section in preference to the metadata (which often lists only
grant numbers).

A second case needs no paper metadata: the story is written in the first person by a company whose own staff
co-wrote the study ("two members of our team co-authored the study", with a co-founder or a product named). The
publisher is then an interested party, which the attribution model reads as a publisher voice.
"""

from __future__ import annotations

import re

from caveat.analysis.attribution import read_voices
from caveat.analysis.fulltext import fulltext_evidence, sections_of, sentences_of
from caveat.analysis.spans import article_evidence, headline_sentence, lede_sentence, make_flag, metadata_evidence
from caveat.core.models import Article, Evidence, Flag, Paper
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check", "fulltext_ties", "industry_ties", "undecided"]

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
    todo="Say who funded the study and any competing interests.",
    compares="article vs paper",
    fires=(Example("Capsules ease joint pain\n\nOmega capsules reduced joint pain in a trial of 260 adults.",
                   _FUNDED),),
    does_not_fire=(Example("Capsules ease joint pain\n\nOmega capsules reduced joint pain in a trial of 260 adults. "
                           "The trial was funded by Norvale Pharma, which makes the capsules.", _FUNDED),),
)

_INDUSTRY = re.compile(
    r"\b(?-i:Inc|Ltd|LLC|GmbH|plc|PLC|S\.A|AG|A/S|Corp|Co(?!-)|N\.V|B\.V|SE|KK)\b\.?|\b(?:Pharma\w*|Therapeutics|Biotech\w*|"
    r"Biosciences|Pharmaceuticals?|Corporation|Company|Laboratories|Holdings|Diagnostics|Medical Devices|"
    r"Technologies)\b|"
    r"\b(?:employees?|employed by|employment|consultants?|consultancy|consulting(?: fees?)?|consults? for|"
    r"shareholders?|holds? shares|stock(?: options?)?|equity|patents?|honorari(?:a|um)|advisory boards?|"
    r"speakers?'? (?:fees|bureau)|royalt(?:y|ies)|founders? of|co-?founders?|(?:is|are|was|were) (?:a )?"
    r"(?:paid|funded) by)\b",
    re.IGNORECASE,
)
_KNOWN_COMPANIES = re.compile(
    r"\b(?:Novo Nordisk|Pfizer|Roche|Novartis|AstraZeneca|GSK|GlaxoSmithKline|Merck|MSD|Sanofi|Eli Lilly|Lilly|"
    r"Bayer|Johnson & Johnson|Janssen|AbbVie|Amgen|Gilead|Moderna|BioNTech|Takeda|Boehringer Ingelheim|"
    r"Bristol[- ]Myers Squibb|Regeneron|Biogen|Vertex|Teva|Astellas|Daiichi Sankyo|Eisai|Otsuka|Servier|Ipsen|"
    r"Nestl[eé]|Danone|Unilever|Coca-Cola|PepsiCo|Mars|Google|Alphabet|DeepMind|Microsoft|Meta|Facebook|OpenAI|"
    r"Apple|Amazon|IBM|Nvidia|Intel|Samsung|Philips|Siemens|Medtronic|Abbott|Philip Morris|British American "
    r"Tobacco|Juul)\b"
)
"""Companies well known enough that their bare name in a funding field is industry funding."""
_PUBLIC = re.compile(
    r"\b(?:NIH|NIHR|NSF|NHS|MRC|EPSRC|BBSRC|ESRC|UKRI|ERC|DFG|CIHR|NHMRC|JSPS|ANR|NASA|DOE|DARPA|CDC|"
    r"Wellcome|Horizon|European (?:Commission|Union|Research Council)|Cancer Research UK|Howard Hughes)\b|"
    r"\b(?:council|foundation|trust|institutes?|university|universities|ministry|department|agency|endowment|"
    r"society|charity|government|national|federal|state|academy|association|fund|fellowship|programme|program|"
    r"hospital|college|school|centre|center|others)\b",
    re.IGNORECASE,
)
_NONE_DECLARED = re.compile(r"\b(?:no|none|nothing)\b[^.]*\b(?:competing|conflicts?|interests?|disclose)|^\s*none\b",
                            re.IGNORECASE)
_MENTIONED = re.compile(
    r"\bfund\w*|\bpaid for\b|\bsponsor\w*|\bbacked by\b|\bfinanced\b|\bconflicts? of interest\b|"
    r"\bcompeting interests?\b|\bfinancial (?:ties|interests?|links?)\b|\bconsultants?\b|\bdisclos\w*|"
    r"\bholds? shares\b|\bworks? for\b|\bemployees? of\b|\bmaker\b|\bmanufacturer\b",
    re.IGNORECASE,
)
_STATEMENT_SPLIT = re.compile(r"(?<=[a-z0-9)][.;])\s+(?=[A-Z])")
"""Sentences of a statement; 'T.D.S. and A.M.V. are ...' is not split at its initials (a capital before the stop)."""
_CORPORATE_VOICE = re.compile(r"\bco-?founders?\b|\bChief \w+ Officer\b|\bCEO\b|\bour (?:product|platform|"
                              r"customers|clients|company|tool|software|app)\b|\bpowers? our\b", re.IGNORECASE)


def industry_ties(paper: Paper) -> list[tuple[str, str]]:
    """(field, text) of each funding entry or competing-interests statement that names industry."""
    ties: list[tuple[str, str]] = [("funding", f) for f in paper.funding
                                   if _INDUSTRY.search(f) or _KNOWN_COMPANIES.search(f)]
    ci = paper.competing_interests.strip()
    if ci:
        parts = [p for p in _STATEMENT_SPLIT.split(ci) if p.strip()]
        ties += [("competing_interests", p) for p in parts
                 if (_INDUSTRY.search(p) or _KNOWN_COMPANIES.search(p)) and not _NONE_DECLARED.search(p)]
    return ties


_FUNDED_BY = re.compile(r"\b(?:is|are|was|were) (?:a )?(?:paid|funded|supported) by\b", re.IGNORECASE)
"""Every funding section says 'was funded by': there, who funded it decides, not the phrase."""


def fulltext_ties(paper: Paper | None) -> list[Evidence]:
    """Sentences of the funding and competing-interests sections that name industry, as full-text evidence.

    Read as the statements are: a declaration of none is not a tie, and neither is the usual 'the funders had no
    role' line (it names no company)."""
    found = []
    for sentence in sentences_of(sections_of(paper, "funding", "competing-interests")):
        text = _FUNDED_BY.sub(" ", sentence.span.text)
        if (_INDUSTRY.search(text) or _KNOWN_COMPANIES.search(text)) and not _NONE_DECLARED.search(text):
            found.append(fulltext_evidence(sentence, "industry funding or interest"))
    return found


def _unclear_funders(paper: Paper) -> list[str]:
    """Funding entries that look neither public nor like a company ('Acme'): only the editor can tell."""
    return [f for f in paper.funding if not _INDUSTRY.search(f) and not _KNOWN_COMPANIES.search(f)
            and not _PUBLIC.search(f)]


def _company_words(text: str) -> list[str]:
    """Distinctive capitalised words of a company name ('Novo Nordisk A/S' -> ['Novo', 'Nordisk'])."""
    return [w for w in re.findall(r"\b[A-Z][A-Za-z0-9-]{2,}\b", text)
            if not _INDUSTRY.fullmatch(w) and w not in {"The", "This", "Grant", "Dr", "Prof", "Are", "Employees"}]


def _without_study_words(ties: list[tuple[str, str]], paper: Paper) -> list[tuple[str, str]]:
    """The ties with the words of the paper's own title and abstract taken out: a competing-interests sentence names
    the product ('Orrin Therapeutics, which makes Lumetrex'), and a story naming the product has not named the tie."""
    words = re.findall(r"[A-Za-z0-9-]+", f"{paper.title} {paper.abstract} {' '.join(paper.authors)}")
    study = {w.casefold() for w in words}
    return [(field, " ".join(w for w in _PERSON.sub(" ", text).split() if w.strip(".,;:()").casefold() not in study))
            for field, text in ties]


_PERSON = re.compile(r"\b(?:[A-Z]\.[ \t]?)+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
"""A person named by initials ('R. Ashgrove has received fees'): the story quoting the author has not named the tie."""


def _cleared(text: str, ties: list[tuple[str, str]]) -> bool:
    return bool(_MENTIONED.search(text)) or any(word in text for _, tie in ties for word in _company_words(tie))


def undecided(article: Article, paper: Paper | None) -> str | None:
    """Why the check could not decide, for the checklist's 'Editor to check'; None when it could."""
    if paper is None or industry_ties(paper) or fulltext_ties(paper) or _cleared(article.text, []):
        return None
    unclear = [f for f in _unclear_funders(paper) if not any(w in article.text for w in _company_words(f))]
    if unclear:
        return (f"The paper lists funding from {', '.join(repr(f) for f in unclear[:3])}, which the story never "
                "mentions: check whether it is a company with an interest in the result.")
    return None


def _publisher_flag(ctx: CheckContext) -> list[Flag]:
    """The story is the voice of a company whose own staff co-wrote the study."""
    voices = [v for v in read_voices(ctx.article, ctx.paper).voices if v.kind == "publisher"]
    if not voices or not _CORPORATE_VOICE.search(ctx.article.text):
        return []
    first = voices[0]
    return [make_flag("conflict-of-interest", ctx.article, first.start, first.end, severity="medium",
                      message=f"The story is written by a company whose own staff co-wrote the study "
                              f"('{first.text}'); its commercial interest in the result is not set out for readers.",
                      evidence=[article_evidence(ctx.article, v.start, v.end, v.reason) for v in voices[:3]],
                      suggestion="State the company's commercial interest in the study's result, or add an "
                                 "independent view.",
                      confidence=0.6)]


def check(ctx: CheckContext) -> list[Flag]:
    """Industry ties in the paper that the story never mentions: the full text's funding and competing-interests
    sentences when the paper has them (they say who, and how), else the metadata fields."""
    paper = ctx.paper
    if paper is None:
        return []
    sentences = fulltext_ties(paper)
    ties = [(e.section, e.text) for e in sentences] or industry_ties(paper)
    if not ties or _cleared(ctx.article.text, _without_study_words(ties, paper) + industry_ties(paper)):
        return _publisher_flag(ctx)
    target = headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    what = ties[0][1][:120]
    evidence = sentences or [metadata_evidence(field, tie, "industry funding or interest") for field, tie in ties]
    return [make_flag("conflict-of-interest", ctx.article, target.start, target.end, severity="medium",
                      message=f"The paper reports industry ties ('{what}') that the article never mentions.",
                      evidence=evidence,
                      suggestion=f"Add who funded the study and any competing interests, e.g. '{what}'.",
                      confidence=0.85 if sentences else 0.8)]
