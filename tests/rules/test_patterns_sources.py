"""Pattern tables for who speaks (attribution), independent-source, citation-mismatch, conflict-of-interest,
advice and preprint: each pattern has rows where the check must see it and rows where a naive rule would misfire.

All sentences are invented for these tests. Papers come from tests/rules/fixtures.py (the cohort paper's authors
are Mei Tanaka and Oliver Grant, its journal Nutrition Horizons, published 2023).
"""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.attribution import read_voices
from caveat.analysis.profile import build_profile
from caveat.core.models import Flag, Paper
from caveat.rules.independent_source import undecided
from caveat.rules.registry import run_checks
from retrieval.citations import find_citations
from tests.rules.fixtures import PAPERS

COHORT = PAPERS["cohort"]
NO_AUTHORS = COHORT.model_copy(update={"authors": []})
BODY = "Researchers followed 12,400 adults for ten years and tracked what they ate."


def _roles(text: str, paper: Paper | None) -> dict[str, str]:
    """Speaker -> role, for the people among the voices (organisations, outlets and the paper are not people)."""
    voices = read_voices(parse_article(text), paper)
    return {v.speaker: v.role for v in voices.voices if v.kind == "person"}


# (row id, article, paper, speaker, expected role; "absent" when the words must not become a person)
SPEAKER_ROWS: list[tuple[str, str, Paper | None, str, str]] = [
    ("long-description-not-involved", "Diet study\n\n" + BODY + " Marta Kowalczyk, a neuroscientist at the Lund "
     "Brain Centre who studies appetite and was not involved in the research, said the effect was modest.",
     COHORT, "Marta Kowalczyk", "independent"),
    ("surname-after-quote", "Diet study\n\n" + BODY + "\n\nMarta Kowalczyk is a dietitian who was not involved in "
     "the work.\n\n\u201cThe effect is modest and needs replicating,\u201d Kowalczyk said.", NO_AUTHORS,
     "Marta Kowalczyk", "independent"),
    ("explains-in-paragraph-before", "Diet study\n\n" + BODY + "\n\nLead author Mei Tanaka explains:\n\n"
     "\u201cWe followed people for ten years and the link held in every group.\u201d", COHORT, "Mei Tanaka",
     "affiliated"),
    ("reporting-verb-noted", "Diet study\n\n" + BODY + " Oliver Grant, who led the study, noted that the link held "
     "in older adults too.", NO_AUTHORS, "Oliver Grant", "affiliated"),
    ("particle-in-name", "Diet study\n\n\u201cThe compound is safe to take every day,\u201d said Pieter van der "
     "Berg, a chemist at the Delft Food Institute.", COHORT.model_copy(update={"authors": ["Pieter van der Berg"]}),
     "Pieter van der Berg", "affiliated"),
    ("appositive-before-said", "Diet study\n\nThe director of the Pickle Research Centre, Professor Oliver Grant, "
     "said the result was robust.", COHORT, "Oliver Grant", "affiliated"),
    ("pronoun-carries-speaker", "Diet study\n\n\u201cWe were surprised by the link,\u201d said Dana Holt, a "
     "dietitian in Leeds who did not take part in the study. \u201cBut it is only a link,\u201d she said.",
     COHORT, "Dana Holt", "independent"),
    ("study-institution", "Diet study\n\nResearchers at the University of Eastbrook followed 12,400 adults.\n\n"
     "\u201cThe link is clear,\u201d said Dana Holt, a nutritionist at the University of Eastbrook.", NO_AUTHORS,
     "Dana Holt", "affiliated"),
    ("other-college-same-city", "Diet study\n\nResearchers at University College Westport followed 12,400 adults."
     "\n\n\u201cThe link is clear,\u201d said Dana Holt, a nutritionist at King's College Westport.", NO_AUTHORS,
     "Dana Holt", "unknown"),
    ("named-outsider-with-author-list", "Diet study\n\n" + BODY + " \u201cCohorts cannot rule out other causes,\u201d"
     " said Karl Viljoen, an epidemiologist in Cape Town.", COHORT, "Karl Viljoen", "independent"),
    ("named-outsider-without-author-list", "Diet study\n\n" + BODY + " \u201cCohorts cannot rule out other "
     "causes,\u201d said Karl Viljoen, an epidemiologist in Cape Town.", NO_AUTHORS, "Karl Viljoen", "unknown"),
    ("organisation-not-person", "Diet study\n\n" + BODY + " \u201cIt is a big step for public health,\u201d said "
     "the Global Kidney Innovation Center at Westport State.", COHORT, "Global Kidney Innovation", "absent"),
    ("place-not-person", "Diet study\n\n" + BODY + " Cases rose last year, according to the Marin County Public "
     "Health Department.", COHORT, "Marin County", "absent"),
    ("headline-words-not-person", "New Study Says Pickles Help\n\n" + BODY, COHORT, "New Study", "absent"),
    ("sentence-opener-not-name", "Diet study\n\n" + BODY + " So Dana Holt said the effect was small, and she "
     "was not involved in the study.", COHORT, "Dana Holt", "independent"),
]


@pytest.mark.parametrize(("row", "text", "paper", "speaker", "role"), SPEAKER_ROWS, ids=[r[0] for r in SPEAKER_ROWS])
def test_speakers_and_roles(row: str, text: str, paper: Paper | None, speaker: str, role: str) -> None:
    roles = _roles(text, paper)
    if role == "absent":
        assert not any(speaker in name for name in roles), roles
    else:
        assert roles.get(speaker) == role, roles


def test_reported_speech_never_starts_mid_word() -> None:
    text = ("Diet study\n\nAfter a long decade of following twelve thousand adults across three regions of the "
            "country, the researchers say the link held.")
    for voice in read_voices(parse_article(text), COHORT).voices:
        assert voice.start == 0 or not text[voice.start - 1].isalnum(), voice.text


def _flags(check: str, text: str, paper: Paper | None = COHORT) -> list[Flag]:
    article = parse_article(text)
    profile = build_profile(paper) if paper is not None else build_profile(Paper())
    return [f for f in run_checks(article, paper, profile, find_citations(text)) if f.check == check]


# (row id, article, paper, fires)
INDEPENDENT_ROWS: list[tuple[str, str, Paper | None, bool]] = [
    ("only-the-paper-speaks", "Pickles and diabetes\n\n" + BODY + " The study concludes that \u201cfermented "
     "vegetables may lower the risk of diabetes in adults.\u201d", COHORT, True),
    ("team-headed-by", "Pickles and diabetes\n\n\u201cThis changes how we think about diet,\u201d according to a "
     "team headed by Mei Tanaka.", NO_AUTHORS, True),
    ("publisher-first-person", "Pickles and diabetes\n\n" + BODY + " Because two members of our company's team "
     "co-authored the study, we can explain what it means.", COHORT, True),
    ("author-by-surname-only", "Pickles and diabetes\n\n" + BODY + "\n\nMei Tanaka led the analysis.\n\n\u201cThe "
     "link held in every age group,\u201d Tanaka said.", COHORT, True),
    ("outsider-long-description", "Pickles and diabetes\n\n" + BODY + " \u201cWe were surprised,\u201d said lead "
     "author Mei Tanaka.\n\nMarta Kowalczyk, a neuroscientist at the Lund Brain Centre who studies appetite and "
     "was not involved in the research, said the effect was modest.", COHORT, False),
    ("outsider-by-surname-later", "Pickles and diabetes\n\n" + BODY + " \u201cWe were surprised,\u201d said lead "
     "author Mei Tanaka.\n\nKarl Viljoen is an epidemiologist in Cape Town.\n\n\u201cCohorts cannot rule out "
     "other causes,\u201d Viljoen said.", COHORT, False),
    ("outlet-is-not-the-study", "Pickles and diabetes\n\n\u201cPickles could keep diabetes away,\u201d the Daily "
     "Courier reports. " + BODY, COHORT, False),
    ("unknown-named-person", "Pickles and diabetes\n\n" + BODY + " \u201cWe were surprised,\u201d said lead author "
     "Mei Tanaka. \u201cIt needs replicating,\u201d said Jennifer Wu, a dietitian in Leeds.", None, False),
]


@pytest.mark.parametrize(("row", "text", "paper", "fires"), INDEPENDENT_ROWS, ids=[r[0] for r in INDEPENDENT_ROWS])
def test_independent_source_rows(row: str, text: str, paper: Paper | None, fires: bool) -> None:
    flags = _flags("independent-source", text, paper)
    assert bool(flags) is fires, [f.message for f in flags]
    for flag in flags:
        assert flag.article_span.start == 0, "a whole-story omission points at the headline"
        assert flag.evidence and all(e.kind in {"article", "metadata"} for e in flag.evidence)


def test_independent_source_message_names_only_voices_in_the_story() -> None:
    text = INDEPENDENT_ROWS[3][1]
    flag = _flags("independent-source", text)[0]
    assert "Mei Tanaka (an author of the paper)" in flag.message
    for evidence in flag.evidence:
        if evidence.kind == "article":
            assert text[evidence.start:evidence.end] == evidence.text


def test_undecided_gives_the_editor_a_reason() -> None:
    text = INDEPENDENT_ROWS[-1][1]
    article = parse_article(text)
    reason = undecided(article, None)
    assert reason is not None and "Jennifer Wu" in reason
    assert undecided(parse_article("Pickles\n\n" + BODY), COHORT) == "Nobody is quoted: check whether an " \
        "independent expert should be."
    assert undecided(parse_article(INDEPENDENT_ROWS[4][1]), COHORT) is None


# (row id, article, fires): the cohort paper is in Nutrition Horizons (2023), by Mei Tanaka and Oliver Grant.
CITATION_ROWS: list[tuple[str, str, bool]] = [
    ("quoted-journal-after-weekday", "Pickles\n\nThe findings were published on Monday in the \"Nutritional "
     "Horizons Review.\"", True),
    ("year-in-parentheses", "Pickles\n\nTanaka and colleagues (2019) followed 12,400 adults.", True),
    ("publisher-is-not-journal", "Pickles\n\nThe study was published in Springer Nature on Monday. " + BODY, False),
    ("name-stops-at-paragraph", "Pickles\n\nThe study was published in Nutrition Horizons.\n\nTanaka and Grant "
     "analysed the data.", False),
    ("abbreviated-month-after-journal", "Pickles\n\nThe study was published in Nutrition Horizons on Aug. 7.",
     False),
    ("other-work-journal", "Pickles\n\nAn earlier study, published in Diabetes Today in 2019, found the opposite. "
     + BODY, False),
    ("story-year-not-publication-year", "Pickles\n\nA man diagnosed with diabetes in 2008 took part, according to "
     "researchers writing in the journal Nutrition Horizons.", False),
    ("institution-not-author", "Pickles\n\nThe research, led by the University of Eastbrook, appeared in "
     "Nutrition Horizons.", False),
    ("quoted-sentence-not-title", "Pickles\n\nThe team called it \u201ca remarkably consistent signal across all "
     "the groups\u201d in Nutrition Horizons.", False),
    ("et-al-of-older-paper", "Pickles\n\nJohnson et al. (2015) had found no link. " + BODY, False),
    ("et-al-wrong-author", "Pickles\n\nJohnson et al. followed 12,400 adults.", True),
]


@pytest.mark.parametrize(("row", "text", "fires"), CITATION_ROWS, ids=[r[0] for r in CITATION_ROWS])
def test_citation_mismatch_rows(row: str, text: str, fires: bool) -> None:
    flags = _flags("citation-mismatch", text)
    assert bool(flags) is fires, [f.message for f in flags]
    for flag in flags:  # the message quotes what the article says and what the paper says, both verbatim
        claimed = flag.message.split("'")[1]
        assert claimed in text


# (row id, funding, competing interests, article body, fires)
COI_ROWS: list[tuple[str, list[str], str, str, bool]] = [
    ("plural-consultants", [], "J.K. and M.P. are consultants to Brightwell Health. R.T. is an employee of it.",
     "A daily app cut symptoms in 900 users.", True),
    ("initials-do-not-split", [], "A.B.C. and D.E. are employees of Lumen Analytics.",
     "A daily app cut symptoms in 900 users.", True),
    ("bare-known-company", ["Pfizer"], "", "A pill cut symptoms in 900 adults.", True),
    ("company-named-in-story", ["Pfizer"], "", "A Pfizer pill cut symptoms in 900 adults.", False),
    ("funding-mentioned", [], "R.T. is an employee of Lumen Analytics.", "The work was funded by the app's "
     "maker.", False),
    ("public-funder", ["National Sleep Research Council"], "", "A pill cut symptoms in 900 adults.", False),
    ("endowment", ["Harriet Lowe Endowment for Brain Science"], "", "A pill cut symptoms in 900 adults.", False),
    ("none-declared", [], "The authors declare no competing interests.", "A pill cut symptoms in 900 adults.",
     False),
    ("co-author-is-not-a-company", [], "J.D. is a co-author of a textbook on sleep.", "A pill cut symptoms.",
     False),
    ("bare-unclear-funder", ["Brightwell"], "", "A pill cut symptoms in 900 adults.", False),
]


@pytest.mark.parametrize(("row", "funding", "interests", "body", "fires"), COI_ROWS, ids=[r[0] for r in COI_ROWS])
def test_conflict_of_interest_rows(row: str, funding: list[str], interests: str, body: str, fires: bool) -> None:
    paper = COHORT.model_copy(update={"funding": funding, "competing_interests": interests})
    flags = _flags("conflict-of-interest", "Symptom news\n\n" + body, paper)
    assert bool(flags) is fires, [f.message for f in flags]
    for flag in flags:  # the message quotes the paper's own statement
        quoted = flag.message.split("'")[1]
        assert quoted in " ".join(funding) + " " + interests


def test_unclear_funder_goes_to_the_editor() -> None:
    from caveat.rules.conflict_of_interest import undecided as coi_undecided

    paper = COHORT.model_copy(update={"funding": ["Brightwell"]})
    reason = coi_undecided(parse_article("Symptom news\n\nA pill cut symptoms."), paper)
    assert reason is not None and "'Brightwell'" in reason


def test_company_voice_that_co_wrote_the_study_is_a_conflict() -> None:
    text = ("Our model passes the test\n\nTwo members of our team co-authored the study, so we can explain it. "
            "Our co-founder and Chief Science Officer led the analysis.")
    flags = _flags("conflict-of-interest", text, COHORT.model_copy(update={"funding": [], "competing_interests": ""}))
    assert len(flags) == 1 and flags[0].article_span.text.startswith("our team co-authored the study")
    university = ("Our model passes the test\n\nTwo members of our team co-authored the study, the university "
                  "said.")
    assert not _flags("conflict-of-interest", university, COHORT.model_copy(update={"funding": []}))


PREPRINT = PAPERS["preprint"]
# (row id, article, fires): the paper is a preprint.
PREPRINT_ROWS: list[tuple[str, str, bool]] = [
    ("hyphenated-pre-print", "Itch drug\n\nThe pre-print describes a compound that eased itching in mice.", False),
    ("not-yet-peer-reviewed", "Itch drug\n\nThe findings, not yet peer reviewed, show less itching in mice.", False),
    ("not-peer-reviewed-hyphen", "Itch drug\n\nThe work is not peer-reviewed and shows less itching in mice.", False),
    ("yet-to-be-reviewed", "Itch drug\n\nThe study, yet to be peer reviewed, found less itching in mice.", False),
    ("without-peer-review", "Itch drug\n\nThe results were shared without peer review this week.", False),
    ("silent", "Itch drug\n\nA new study found that a compound eased itching in mice.", True),
    ("older-paper-published", "Itch drug\n\nAn earlier trial was published in 2019. A new study found that a "
     "compound eased itching in mice.", True),
]


@pytest.mark.parametrize(("row", "text", "fires"), PREPRINT_ROWS, ids=[r[0] for r in PREPRINT_ROWS])
def test_preprint_rows(row: str, text: str, fires: bool) -> None:
    flags = _flags("preprint", text, PREPRINT)
    assert bool(flags) is fires, [f.message for f in flags]


def test_preprint_flag_points_at_the_study_not_an_older_published_paper() -> None:
    text = PREPRINT_ROWS[-1][1]
    flag = _flags("preprint", text, PREPRINT)[0]
    assert flag.article_span.text.startswith("A new study found")
    assert "never says so" in flag.message


def test_retracted_flag_points_at_the_citing_sentence() -> None:
    text = ("Pickles fight diabetes\n\nPickles lower diabetes risk. In a paper published in the journal Nutrition "
            "Horizons, researchers followed 12,400 adults.")
    flags = _flags("retracted", text, PAPERS["retracted"])
    assert len(flags) == 1 and flags[0].article_span.text.startswith("In a paper published")


@pytest.mark.parametrize(
    ("description", "independent"),
    [
        ("who did not participate in the study", True),
        ("who had no role in the research", True),
        ("who is not an author of the paper", True),
        ("an outside researcher at a hospital in Lyon", True),
        ("who worked on an earlier study but not on this one", False),
    ],
)
def test_outsider_introduced_without_a_speech_verb(description: str, independent: bool) -> None:
    text = (f"Pickles and diabetes\n\n{BODY} \u201cWe were surprised,\u201d said lead author Mei Tanaka.\n\n"
            f"Ines Moreau, a cardiologist {description}, called the result promising.")
    roles = _roles(text, NO_AUTHORS)
    assert (roles.get("Ines Moreau") == "independent") is independent, roles
    assert not _flags("independent-source", text, NO_AUTHORS), "an outsider, or someone the check cannot place"
    reason = undecided(parse_article(text), NO_AUTHORS)
    assert (reason is None) is independent and (independent or "Ines Moreau" in str(reason))


def test_author_surnames_in_initials_style() -> None:
    from caveat.analysis.sources import surnames

    assert surnames(Paper(authors=["Tanaka M", "Grant OK", "Smith, J.", "Ana T.D. Ruiz"])) == {
        "tanaka", "grant", "smith", "ruiz"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Pickles\n\nDr. Amara Okoye, a cardiologist who was not involved, says the results are intriguing.",
         "Amara Okoye"),
        ("Pickles\n\n\u201cThis is important work for us all,\u201d said Sarah West, an epidemiologist in Leeds.",
         "Sarah West"),
    ],
)
def test_names_stay_on_one_line_and_surname_like_places_are_people(text: str, speaker: str) -> None:
    assert _roles(text, COHORT) == {speaker: "independent"}


def test_omission_points_at_the_first_line_when_no_headline_is_recognised() -> None:
    text = ("Pickles may help against diabetes, researchers found.\n\n" + BODY
            + " \u201cThe link held in every age group,\u201d said lead author Mei Tanaka.")
    flags = _flags("independent-source", text)
    assert len(flags) == 1 and flags[0].article_span.start == 0


def test_author_matched_without_accents() -> None:
    paper = COHORT.model_copy(update={"authors": ["Ivo Labbe", "Mei Tanaka"]})
    text = "Pickles\n\n" + BODY + " \u201cThe link held in every age group,\u201d said Ivo Labbé."
    assert _roles(text, paper) == {"Ivo Labbé": "affiliated"}
