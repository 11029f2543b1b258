"""build_checklist: the twelve items of CHECKLIST.md section 3, in order, with statuses decided as documented."""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.profile import build_profile
from caveat.checklist import ITEMS, build_checklist
from caveat.core.models import Article, ChecklistItem, Paper
from caveat.rules.registry import run_checks
from tests.rules.fixtures import COHORT, MOUSE, RCT

BAD_MOUSE = ("First-ever cure for itch sufferers\n\nA drug called Zelvorin brings relief to people with itch, a "
             "study published today shows. \"We are thrilled,\" said lead author Ana Ruiz. The drug costs little.")
GOOD_RCT = ("Migraine pill reduces attack days in trial\n\nIn a randomised trial of 840 adults, Lumetrex cut "
            "migraine days from 6 to 4 a month compared with placebo. Nausea was a common side effect. "
            "\"It is a modest gain,\" said Dr Ruth Ames, a neurologist who was not involved in the study. "
            "The pill is not yet approved and its price is unknown.")
DIET = ("Pickles and diabetes\n\nResearchers followed 12,400 adults for ten years. Those who ate more fermented "
        "vegetables were less likely to develop type 2 diabetes.")


def _items(text: str, paper: Paper | None) -> tuple[Article, dict[int, ChecklistItem], list[str]]:
    article = parse_article(text)
    profile = build_profile(paper)
    flags = run_checks(article, paper, profile)
    items = build_checklist(flags, article, paper, profile)
    assert [i.number for i in items] == list(range(1, 13))
    assert [i.key for i in items] == [i.key for i in ITEMS]
    for item in items:
        assert item.status in {"pass", "flag", "editor", "na"}
        assert (item.status == "flag") == bool(item.flag_ids)
        assert set(item.flag_ids) <= {f.id for f in flags}
        if item.status == "editor":
            assert item.hint
    return article, {i.number: i for i in items}, [f.id for f in flags]


def test_bad_mouse_story() -> None:
    _, items, _ = _items(BAD_MOUSE, MOUSE)
    assert items[4].status == "flag"  # animal-to-human, missing stage caveat
    assert any(i.startswith("animal-to-human:") for i in items[4].flag_ids)
    assert items[3].status == "flag" and items[3].flag_ids[0].startswith("harms:")
    assert items[6].status == "flag"  # only the lead author is quoted
    assert items[9].status == "flag" and items[9].flag_ids[0].startswith("hype:")  # first-ever
    assert items[10].status == "flag"
    assert "'costs'" in items[1].hint and items[1].status == "editor"


def test_careful_rct_story() -> None:
    _, items, _ = _items(GOOD_RCT, RCT)
    for number in (2, 3, 4, 6, 10, 11, 12):
        assert items[number].status == "pass", (number, items[number])
    assert items[1].status == "editor" and "price" in items[1].hint
    assert items[8].status == "editor" and "approved" in items[8].hint
    assert items[7].status == "editor" and "placebo" in items[7].hint


def test_harms_not_applicable_without_an_intervention() -> None:
    _, items, _ = _items(DIET, COHORT)
    assert items[3].status == "na"
    assert items[1].status == "editor" and items[1].hint.startswith("No cost wording")


def test_without_a_paper_the_editor_checks_evidence_and_citation() -> None:
    _, items, _ = _items(DIET, None)
    assert items[4].status == "editor" and "No paper" in items[4].hint
    assert items[12].status == "editor"
    assert items[6].status == "editor"  # nobody is quoted


@pytest.mark.parametrize(("text", "status"), [
    ("Pickles\n\n\"It was a big surprise to us,\" said lead researcher Mei Tanaka. \"Pickles matter a great "
     "deal,\" said Jo Ames, a cook.", "editor"),
    # funding is named, but the rules cannot tell whether the cook has a link to the study: the editor checks
    ("Pickles\n\nThe work was funded by a charity. \"It was a big surprise to us,\" said lead researcher Mei "
     "Tanaka. \"Pickles matter a great deal,\" said Jo Ames, a cook.", "editor"),
    ("Pickles\n\nThe work was funded by a charity. \"It was a big surprise to us,\" said lead researcher Mei "
     "Tanaka. \"Pickles matter a great deal,\" said Jo Ames, a dietitian who was not involved in the study.",
     "pass"),
])
def test_sources_item_without_a_paper_asks_about_funding(text: str, status: str) -> None:
    _, items, _ = _items(text, None)
    assert items[6].status == status


def test_sources_item_names_the_voices_it_could_not_place() -> None:
    text = ("Pickles\n\nThe work was funded by a charity. \"It was a big surprise to us,\" said lead researcher "
            "Mei Tanaka. \"Pickles matter a great deal,\" said Jo Ames, a cook.")
    _, items, _ = _items(text, None)
    assert not items[6].flag_ids  # the check stayed silent because it could not be sure
    assert items[6].status == "editor" and "Jo Ames" in items[6].hint


@pytest.mark.parametrize(("text", "status"), [
    ("Pickles\n\nYou should eat more pickles, a study suggests.", "editor"),
    ("Pickles\n\nA study looked at pickles and diabetes.", "pass"),
])
def test_advice_without_a_paper(text: str, status: str) -> None:
    _, items, _ = _items(text, None)
    assert items[11].status == status


def test_novelty_without_hype_is_for_the_editor() -> None:
    _, items, _ = _items("Pickles\n\nA new study is the first to follow pickle eaters for ten years.", COHORT)
    assert items[9].status == "editor" and "'new'" in items[9].hint
    assert items[10].status == "pass"


def test_a_trial_whose_full_text_reports_harms_is_a_harms_item_even_when_the_story_calls_it_a_spray() -> None:
    """Defect: item 3 said 'not applicable' for a randomised trial whose full text reports harms, because the story
    called the treatment 'a nasal spray' (no intervention word)."""
    from caveat.core.models import PaperSection

    paper = Paper(title="Dorvaline for restless legs", publication_types=["randomized controlled trial"],
                  abstract="We randomly assigned 312 adults to dorvaline or placebo. Symptoms improved.",
                  full_text=[PaperSection(kind="adverse-events", title="Adverse events",
                                          text="Nasal irritation occurred in 31 participants.")])
    text = "Spray eases restless legs\n\nA bedtime spray eased restless legs. Some had nasal irritation, it said."
    _, items, _ = _items(text, paper)
    assert items[3].status == "pass"
    _, items, _ = _items(text, paper.model_copy(update={"full_text": []}))
    assert items[3].status == "na"


def test_the_evidence_item_gives_elifes_grade() -> None:
    from caveat.core.models import Assessment, AssessmentTerm

    sentence = "This important study provides convincing evidence."
    paper = COHORT.model_copy(update={"assessments": [Assessment(text=sentence, version="2", terms=[
        AssessmentTerm(term="important", axis="significance", sentence=sentence),
        AssessmentTerm(term="convincing", axis="strength", sentence=sentence)])]})
    text = ("Fermented vegetables linked to lower diabetes risk\n\nPeople who ate more fermented vegetables were less "
            "likely to develop type 2 diabetes in a study of 12,400 adults, which cannot prove cause and effect.")
    _, items, _ = _items(text, paper)
    assert (items[4].status, items[4].hint) == ("pass", "eLife's assessment: important / convincing (version 2).")


def test_item_4_quotes_the_papers_own_limitation_when_the_story_admits_none() -> None:
    """A hint, not a flag: the authors' first admitted limit, quoted with its section, when the story is silent."""
    from caveat.analysis.article import parse_article
    from caveat.analysis.profile import build_profile
    from caveat.checklist import build_checklist
    from caveat.core.models import Paper, PaperSection

    paper = Paper(
        title="Oat bran and recall", status="peer-reviewed",
        abstract="We randomised 120 adults to oat bran or crackers for 12 weeks. Recall improved with oat bran.",
        full_text=[PaperSection(kind="limitations", title="Discussion, Limitations",
                                text="Participants knew what they ate. The trial was short.")],
    )

    def item4(story: str) -> tuple[str, str]:
        item = build_checklist([], parse_article(story), paper, build_profile(paper))[3]
        return item.status, item.hint

    status, hint = item4("Oat bran helps memory\n\nIn a randomised trial of 120 adults, oat bran helped recall.")
    assert status == "pass"
    assert hint == ('The paper\'s Discussion, Limitations section says: "Participants knew what they ate." The story '
                    "says nothing about the study's limits.")
    assert item4("Oat bran helps memory\n\nIn a trial of 120 adults, oat bran helped recall. The trial was short, "
                 "and larger trials are needed.")[1] == ""
    assert item4("Oat bran helps memory\n\nOat bran helped recall.")[1].startswith("The paper's")
