"""Four misreadings found while wiring full text end to end, each on invented text:

- a journal name wrapped across a line break ("the Journal of\\nImaginary Nutrition") read as a wrong journal;
- an author named in a competing-interests sentence, and quoted in the story, taken as the story naming the company;
- a mild adverse event ("mild bloating") read as no harm because the sentence also says "no serious adverse events";
- "a handful of walnuts" taken as the story saying the sample was small.
"""

from __future__ import annotations

from caveat.analysis.article import parse_article
from caveat.analysis.profile import build_profile
from caveat.core.models import Flag, Paper, PaperSection
from caveat.rules.registry import run_checks
from retrieval.citations import find_citations

PAPER = Paper(
    doi="10.5555/imaginary.0420",
    title="Daily oat bran and word recall in older adults: a randomised trial",
    authors=["Ada Lovelock", "Ben Okafor"],
    journal="Journal of Imaginary Nutrition",
    published="2031-03-14",
    status="peer-reviewed",
    publication_types=["journal-article", "randomized controlled trial"],
    abstract="Older adults were randomised to oat bran or rice crackers for 12 weeks. Recall improved with oat bran.",
    full_text=[
        PaperSection(kind="methods", title="Methods, Participants",
                     text="We randomised 24 volunteers aged 65 to 80 to oat bran or crackers daily for 12 weeks."),
        PaperSection(kind="adverse-events", title="Results, Adverse events",
                     text="Three participants reported mild bloating; there were no serious adverse events."),
        PaperSection(kind="competing-interests", title="Competing interests",
                     text="R. Ashgrove has received speaker fees from the Cereal Growers Board."),
    ],
)

STORY = """Oat bran sharpens memory in over-65s

A handful of oat bran flakes a day helps older people remember words, according to a trial published in the Journal of
Imaginary Nutrition.

Volunteers who ate oat bran recalled more words than those who ate crackers.

"This is a simple change anyone can make," said lead author R. Ashgrove.
"""


def _flags(text: str, paper: Paper = PAPER) -> dict[str, Flag]:
    article = parse_article(text)
    return {f.check: f for f in run_checks(article, paper, build_profile(paper), find_citations(text))}


def test_a_journal_name_wrapped_across_lines_is_the_right_journal() -> None:
    assert "citation-mismatch" not in _flags(STORY)
    wrong = STORY.replace("Journal of\nImaginary Nutrition", "Journal of\nImaginary Medicine")
    assert "citation-mismatch" in _flags(wrong)


def test_the_author_named_in_a_competing_interest_is_not_the_company() -> None:
    flag = _flags(STORY).get("conflict-of-interest")
    assert flag is not None and flag.evidence[0].section == "Competing interests"
    told = STORY + "\nThe trial's lead author has received speaker fees from the Cereal Growers Board.\n"
    assert "conflict-of-interest" not in _flags(told)


def test_a_mild_adverse_event_beside_no_serious_ones_is_a_harm() -> None:
    flag = _flags(STORY).get("harms")
    assert flag is not None and "mild bloating" in flag.evidence[0].text
    told = STORY + "\nThree people had mild bloating.\n"
    assert "harms" not in _flags(told)


def test_a_handful_of_food_is_not_a_small_sample_said() -> None:
    flag = _flags(STORY).get("sample-size")
    assert flag is not None and "24" in flag.message
    said = STORY.replace("Volunteers who ate", "A handful of volunteers who ate")
    assert "sample-size" not in _flags(said)


def test_a_curly_apostrophe_names_the_same_outcome_as_a_straight_one() -> None:
    """'Alzheimer’s' in a headline is the 'Alzheimer's' of the abstract, not an outcome the paper never mentions."""
    paper = Paper(title="Olive oil and memory in a mouse model of Alzheimer's disease", status="peer-reviewed",
                  abstract="Mice fed olive oil kept their memory. These results suggest a benefit in Alzheimer's "
                           "disease models.")
    for apostrophe in ("'", "’"):
        story = f"Olive oil guards the brain against Alzheimer{apostrophe}s\n\nMice fed olive oil kept their memory."
        flags = [f for f in _flags(story, paper).values() if "never mentions" in f.message]
        assert flags == [], apostrophe
    story = "Olive oil guards the brain against cancer\n\nMice fed olive oil kept their memory."
    assert any("never mentions" in f.message for f in _flags(story, paper).values())
