"""The shared pieces the checks rest on: statistics, journal and date matching, quotes and their speakers."""

from __future__ import annotations

from datetime import date

import pytest

from caveat.analysis.quotes import attributions, quote_regions
from caveat.analysis.sources import classify, surnames
from caveat.core.models import Paper
from caveat.rules.advice import paper_gives_advice, reader_advice
from caveat.rules.citation_mismatch import dates_differ, same_journal, same_title
from caveat.rules.conflict_of_interest import industry_ties
from caveat.rules.unsourced_number import statistics


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It affects 8 out of 10 people.", ["8 out of 10 people"]),
        ("About 1 in 4 adults snore.", ["1 in 4 adults"]),
        ("Risk fell by 40 percent overall.", ["40 percent"]),
        ("Some 3,000 patients joined.", ["3,000 patients"]),
        ("Smokers were twice as likely to cough.", ["twice as likely"]),
        ("Levels rose 3-fold in a week.", ["3-fold"]),
        ("In 2021, Dr Lee, 47, moved to ward 9.", []),
        ("The p16 and IL-6 markers rose on day 14.", []),
        ("See doi 10.1234/abcd.5678 or call 555-0100.", []),
        ("Five in 2019 and the second trial.", []),
    ],
)
def test_statistics(text: str, found: list[str]) -> None:
    assert [text[s.start:s.end] for s in statistics(text)] == found


@pytest.mark.parametrize(
    ("claimed", "journal", "same"),
    [
        ("JAMA", "Journal of the American Medical Association", True),
        ("NEJM", "The New England Journal of Medicine", True),
        ("J. Am. Med. Assoc.", "Journal of the American Medical Association", True),
        ("the Lancet", "Lancet", True),
        ("eLife", "eLife", True),
        ("Nature", "Nature Medicine", False),
        ("Science", "Science Advances", False),
        ("BMJ", "The Lancet", False),
    ],
)
def test_same_journal(claimed: str, journal: str, same: bool) -> None:
    assert same_journal(claimed, journal) is same


@pytest.mark.parametrize(
    ("claimed", "published", "result"),
    [
        (date(2023, 11, 13), "2023-11-14", None),  # one day off: online vs issue date
        (date(2023, 11, 17), "2023-11-14", None),
        (date(2023, 12, 20), "2023-11-14", (36, "low")),
        (date(2023, 3, 1), "2023-11-14", (258, "medium")),
        (date(2021, 11, 14), "2023-11-14", (730, "high")),
        (date(2023, 5, 5), "2023", None),
        (date(2022, 5, 5), "2023", (365, "high")),
    ],
)
def test_dates_differ(claimed: date, published: str, result: tuple[int, str] | None) -> None:
    assert dates_differ(claimed, published) == result


def test_same_title_tolerates_small_changes() -> None:
    title = "Fermented vegetable intake and incident type 2 diabetes in a prospective cohort"
    assert same_title("Fermented vegetable intake and incident type-2 diabetes: a prospective cohort", title)
    assert not same_title("Coffee and sleep in shift workers", title)


@pytest.mark.parametrize(
    ("funding", "competing", "n"),
    [
        (["Wellcome Trust"], "The authors declare no competing interests.", 0),
        (["Acme Pharma Ltd"], "", 1),
        ([], "J.D. is a consultant for Orbit Therapeutics. Other authors declare none.", 1),
        (["NIH R01 grant"], "None.", 0),
    ],
)
def test_industry_ties(funding: list[str], competing: str, n: int) -> None:
    assert len(industry_ties(Paper(funding=funding, competing_interests=competing))) == n


@pytest.mark.parametrize(
    ("sentence", "advice"),
    [
        ("You should walk more.", True),
        ("Parents should limit screen time.", True),
        ("Avoid sugary drinks after dinner.", True),
        ("Further research should test this in people.", False),
        ("The team should publish next year, the editor said.", False),
        ("Walking was linked to better sleep.", False),
    ],
)
def test_reader_advice(sentence: str, advice: bool) -> None:
    assert reader_advice(sentence) is advice


def test_paper_gives_advice_ignores_calls_for_research() -> None:
    assert not paper_gives_advice(Paper(abstract="Tea was linked to sleep. Further trials should test this."))
    assert paper_gives_advice(Paper(abstract="Tea was linked to sleep. Clinicians should ask about tea intake."))


def test_quote_regions_skip_apostrophes() -> None:
    text = "The frogs' song, 'a loud chorus,' she said, was “louder than ever” this year."
    regions = [text[a:b] for a, b in quote_regions(text)]
    assert regions == ["'a loud chorus,'", "“louder than ever”"]


def test_attributions_and_their_classes() -> None:
    paper = Paper(authors=["Mei Tanaka", "Oliver Grant"], journal="Nutrition Horizons", funding=["Pickle Trust"])
    text = ("“We were surprised by the link,” said lead author Mei Tanaka.\n\n"
            "“It is a careful piece of work,” said Dr Ruth Ames, who was not involved in the study.\n\n"
            "Nutrition Horizons' editors say the study is convincing.\n\n"
            "“And it took ten years to run,” she added.")
    paras = []
    pos = 0
    for block in text.split("\n\n"):
        start = text.index(block, pos)
        paras.append((start, start + len(block)))
        pos = start + len(block)
    found = attributions(text, paras)
    kinds = [(a.text.split(",")[0], classify(a, paper)) for a in found]
    titled = attributions("“It is early work,” said Dr. J. Smith, a chemist. More text.", [(0, 60)])
    assert titled[0].text.startswith("said Dr. J. Smith")
    assert kinds == [("said lead author Mei Tanaka", "affiliated"), ("said Dr Ruth Ames", "independent"),
                     ("Nutrition Horizons' editors", "affiliated"), ("she added", "unknown")]
    assert surnames(paper) == {"tanaka", "grant"}
