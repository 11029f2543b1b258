"""The checks read the paper beyond its abstract: methods, safety, funding and competing interests, notices.

Every paper here is invented for these tests. Each flag that rests on the full text must say which section its quote
is in and quote it verbatim (checked with the one quote verifier, caveat.analysis.fulltext.evidence_is_verbatim).
"""

from __future__ import annotations

from caveat.analysis.article import parse_article
from caveat.analysis.fulltext import evidence_is_verbatim, parts_read, section_sentences, sections_of
from caveat.analysis.profile import build_profile
from caveat.core.models import Evidence, Flag, Paper, PaperSection, UpdateNotice
from caveat.rules.registry import run_checks

TRIAL_ABSTRACT = ("We randomly assigned 312 adults with restless legs syndrome to intranasal dorvaline or placebo for "
                  "12 weeks. Dorvaline lowered the rating scale score by 4.1 points more than placebo.")
SAFETY = PaperSection(kind="other", title="Results, Safety",
                      text="Safety was assessed at every visit. Nasal irritation occurred in 31 of 156 participants "
                           "given dorvaline, and 7 stopped because of headache.")
NO_EVENTS = PaperSection(kind="adverse-events", title="Adverse events",
                         text="Safety was assessed weekly. No adverse events related to the spray were reported.")
INTERESTS = PaperSection(kind="competing-interests", title="Competing interests",
                         text="K.L. has received consulting fees from Veyra Therapeutics, which holds the patent on "
                              "dorvaline. O.F. declares no competing interests.")
PUBLIC_FUNDING = PaperSection(kind="funding", title="Funding",
                              text="This work was funded by the National Sleep Council. The funders had no role in "
                                   "the analysis.")
STORY = ("Nightly spray eases restless legs\n\nA new drug, a nasal spray called dorvaline, eased restless legs in "
         "a trial of 312 adults, researchers report.")


def _trial(*sections: PaperSection, **extra: object) -> Paper:
    return Paper(title="Intranasal dorvaline for restless legs: a randomised trial", abstract=TRIAL_ABSTRACT,
                 publication_types=["randomized controlled trial"], full_text=list(sections), **extra)  # type: ignore[arg-type]


def _flags(text: str, paper: Paper, check: str) -> list[Flag]:
    article = parse_article(text)
    flags = [f for f in run_checks(article, paper, build_profile(paper)) if f.check == check]
    for flag in flags:
        assert all(evidence_is_verbatim(e, paper, article.text) for e in flag.evidence), flag.evidence
    return flags


def _fulltext(flag: Flag) -> Evidence:
    return next(e for e in flag.evidence if e.kind == "fulltext")


def test_sections_are_found_by_kind_or_by_title_and_split_with_exact_offsets() -> None:
    paper = _trial(SAFETY, NO_EVENTS, INTERESTS, PaperSection(kind="results", title="Results, Patients", text="x."))
    assert sections_of(paper, "adverse-events") == [SAFETY, NO_EVENTS]
    assert sections_of(paper, "methods") == []  # a results subsection about patients is not the methods
    for span in section_sentences(SAFETY):
        assert SAFETY.text[span.start:span.end] == span.text


def test_harms_cites_the_safety_sentence_of_the_full_text_with_its_section() -> None:
    [flag] = _flags(STORY, _trial(SAFETY), "harms")
    evidence = _fulltext(flag)
    assert evidence.section == "Results, Safety" and evidence.text.startswith("Nasal irritation occurred")
    assert "The paper reports harms (Results, Safety)" in flag.message


def test_harms_on_a_trial_whose_full_text_reports_harms_needs_no_intervention_word() -> None:
    """Before the full text was read, 'a nasal spray' was not an intervention story and harms stayed silent."""
    story = "Nightly spray eases restless legs\n\nA bedtime nasal spray eased restless legs, researchers report."
    assert [f.check for f in _flags(story, _trial(SAFETY), "harms")] == ["harms"]
    assert _flags(story, Paper(title="x", abstract=TRIAL_ABSTRACT), "harms") == []


def test_a_paper_that_reports_no_adverse_events_changes_the_message() -> None:
    [flag] = _flags(STORY, _trial(NO_EVENTS), "harms")
    assert "found none of note (Adverse events)" in flag.message
    assert _fulltext(flag).text == "No adverse events related to the spray were reported."
    assert "reported no adverse events" in flag.suggestion


def test_harms_is_cleared_by_a_story_that_tells_them() -> None:
    told = STORY + " Some patients had nasal irritation and headaches."
    assert _flags(told, _trial(SAFETY), "harms") == []


def test_conflict_of_interest_cites_the_competing_interests_sentence_not_the_metadata() -> None:
    paper = _trial(INTERESTS, PUBLIC_FUNDING, funding=["National Sleep Council"])
    [flag] = _flags(STORY, paper, "conflict-of-interest")
    assert [(e.kind, e.section) for e in flag.evidence] == [("fulltext", "Competing interests")]
    assert flag.evidence[0].text.startswith("K.L. has received consulting fees from Veyra Therapeutics")


def test_public_funding_and_declarations_of_none_are_not_ties() -> None:
    none = PaperSection(kind="competing-interests", title="Competing interests",
                        text="The authors declare no competing interests.")
    assert _flags(STORY, _trial(PUBLIC_FUNDING, none), "conflict-of-interest") == []


def test_naming_the_product_does_not_clear_the_tie_but_naming_the_company_does() -> None:
    paper = _trial(INTERESTS)
    assert _flags(STORY, paper, "conflict-of-interest")  # 'dorvaline' is in the story and in the tie sentence
    assert _flags(STORY + " One author consults for Veyra Therapeutics.", paper, "conflict-of-interest") == []


def test_the_profile_reads_the_sample_and_species_from_the_methods_when_the_abstract_is_silent() -> None:
    paper = Paper(title="KT4 and greying", abstract="Here we show that deleting KT4 kept coats dark into old age.",
                  full_text=[PaperSection(kind="methods", title="Methods, Statistics",
                                          text="A power analysis showed that 40 mice would be needed."),
                             PaperSection(kind="methods", title="Methods, Animals",
                                          text="Knockout mice were bred in our facility. We followed 12 mice "
                                               "from 2 to 24 months of age.")])
    profile = build_profile(paper)
    assert profile.subjects == "animals" and profile.species == ["mice"]
    assert profile.sample_size == 12  # the power calculation's 40 is a plan, not the sample
    assert profile.sample_evidence is not None and profile.sample_evidence.section == "Methods, Animals"
    assert evidence_is_verbatim(profile.sample_evidence, paper, "")
    [flag] = _flags("Blocking one gene stops hair going grey\n\nSwitching off a gene kept hair dark, scientists "
                    "found.", paper, "sample-size")
    assert _fulltext(flag).text == "We followed 12 mice from 2 to 24 months of age."


def test_the_abstracts_count_wins_over_the_methods() -> None:
    paper = _trial(PaperSection(kind="methods", title="Methods", text="We screened 900 adults."))
    assert build_profile(paper).sample_size == 312


def test_a_notice_on_the_paper_is_the_evidence_for_its_status() -> None:
    notice = UpdateNotice(kind="retraction", doi="10.5555/retraction.1", date="2026-01-05", label="Retraction")
    paper = Paper(title="Vitamin Q and memory", abstract="Older adults who took vitamin Q scored higher on memory "
                  "tests.", updates=[notice])
    profile = build_profile(paper)
    assert profile.peer_review == "retracted"
    assert profile.peer_review_evidence is not None and profile.peer_review_evidence.field == "updates"
    [flag] = _flags("Vitamin sharpens memory\n\nOlder adults who took vitamin Q did better on memory tests.", paper,
                    "retracted")
    assert flag.evidence[0].text == "Retraction 10.5555/retraction.1 (2026-01-05)"
    retracted = paper.model_copy(update={"status": "retracted"})  # the status a source set from the notice
    [flag] = _flags("Vitamin sharpens memory\n\nOlder adults who took vitamin Q did better on memory tests.",
                    retracted, "retracted")
    assert flag.evidence[0].field == "updates"
    corrected = build_profile(paper.model_copy(update={"status": "corrected", "updates": [
        UpdateNotice(kind="correction", doi="10.5555/correction.1", label="Correction")]}))
    assert corrected.peer_review == "corrected" and corrected.peer_review_evidence is not None
    assert corrected.peer_review_evidence.text == "Correction 10.5555/correction.1"


def test_parts_read_names_every_part_the_review_had() -> None:
    assert parts_read(None) == []
    assert parts_read(Paper(title="x")) == ["metadata"]
    paper = _trial(SAFETY, INTERESTS, updates=[UpdateNotice(kind="correction", label="Correction")])
    assert parts_read(paper) == ["metadata", "abstract", "full text (2 sections: Results, Safety; Competing "
                                 "interests)", "notices (Correction)"]


def test_the_quote_verifier_rejects_a_quote_from_the_wrong_section_or_offsets() -> None:
    paper = _trial(SAFETY)
    good = Evidence(kind="fulltext", start=0, end=35, text=SAFETY.text[:35], section="Results, Safety")
    assert evidence_is_verbatim(good, paper, "")
    assert not evidence_is_verbatim(good.model_copy(update={"section": "Adverse events"}), paper, "")
    assert not evidence_is_verbatim(good.model_copy(update={"start": 1}), paper, "")
    assert not evidence_is_verbatim(Evidence(kind="metadata", field="assessments", text="compelling"), paper, "")


def test_a_stage_caveat_said_as_needing_a_larger_trial_clears_missing_stage_caveat() -> None:
    """Defect: 'We need a larger, independent trial before ...' was not read as a caveat on a pilot study."""
    paper = Paper(title="A cooling cap for chemotherapy headache: a pilot trial",
                  abstract="We assigned 64 patients to a cooling cap or usual care. Headache days fell.")
    story = ("Cooling cap may ease chemotherapy headaches\n\nA cooling cap may ease headaches in 64 patients. "
             '"We need a larger, independent trial before anyone can recommend it," said Dr Anna Vik.')
    assert _flags(story, paper, "missing-stage-caveat") == []


def test_a_figure_of_the_full_texts_results_is_sourced() -> None:
    """Defect: a number the results give (not the abstract) was flagged as unsourced though the paper has it."""
    story = STORY + " Nasal irritation affected 20% of those on the spray."
    flags = _flags(story, _trial(), "unsourced-number")
    assert [f.article_span.text for f in flags] == ["20%"]
    results = PaperSection(kind="results", title="Results", text="Nasal irritation was reported by 31 of 156 (20%).")
    assert _flags(story, _trial(results), "unsourced-number") == []
    assert "abstract, title or full text" in _flags(story.replace("20%", "45%"), _trial(results),
                                                    "unsourced-number")[0].message


def test_a_claim_the_abstract_leaves_out_rests_on_the_full_texts_results() -> None:
    from caveat.analysis.claims import claims_for

    paper = _trial(SAFETY)
    article = parse_article("Spray eases legs\n\nA new drug eased restless legs. Nasal irritation occurred in 31 of "
                            "156 people given the spray, the researchers found.")
    claims = claims_for(article, paper, build_profile(paper))
    finding = next(c for c in claims if c.text.startswith("Nasal irritation"))
    assert finding.evidence is not None and finding.evidence.kind == "fulltext"
    assert finding.evidence.section == "Results, Safety" and finding.evidence_role == "result"
    assert evidence_is_verbatim(finding.evidence, paper, article.text)
    lede = next(c for c in claims if c.role == "lede")
    assert lede.evidence is not None and lede.evidence.kind == "abstract"  # the abstract first, when it states it
