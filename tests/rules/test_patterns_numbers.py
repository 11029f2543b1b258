"""Issue 10 patterns for the number checks, on invented sentences: what is read as a figure, and when an abstract's
figure sources the story's words (rounding, qualifiers, ratios as percentages), plus one flag per figure."""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.numbers import number_pool, read_quantities, sourced
from caveat.analysis.profile import build_profile
from caveat.core.models import Paper
from caveat.rules import benefit_size, harms, unsourced_number
from caveat.rules.context import CheckContext


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # forms P1 names: fractions, durations, year ranges as findings, percentiles, scaled units, count nouns
        ("The lesion grew to cover roughly one-sixth of the cortex.", ["one-sixth"]),
        ("Two-thirds of the ponds dried out.", ["Two-thirds"]),
        ("Nearly half of the birds left early.", ["Nearly half of"]),
        ("A quarter of the volunteers dropped out.", ["A quarter of"]),
        ("Moth numbers fell over the past 30 years.", ["30 years"]),
        ("The reef is at least 5,000 years older than thought.", ["5,000 years"]),
        ("Blood samples stored between 1985 and 2005 were analysed.", ["between 1985 and 2005"]),
        ("The sea ice could vanish between 2040 and 2070.", ["between 2040 and 2070"]),
        ("The model scored at the 85th percentile of test takers.", ["85th percentile"]),
        ("Leaky pipes waste 300 million cubic metres of water.", ["300 million cubic metres"]),
        ("The virus raised the risk of 14 different illnesses.", ["14 different illnesses"]),
        ("Users were 3.1 times and 1.8 times more likely to relapse.", ["3.1 times", "1.8 times"]),
        ("Levels rose 4-fold within a week.", ["4-fold"]),
        ("They saw a 12-fold higher rate of fractures.", ["12-fold"]),
        ("Rates were 40-55% lower in the treated towns.", ["40-55%"]),
        # P16: not statistics
        ("Ice crystals have a six-fold symmetry.", []),
        ("A 61-year-old teacher, aged 61, joined in 2019.", []),
        ("She ran the lab from 2001 to 2009.", []),
        ("The team won a $4 million grant.", []),
        ("Six months later, she felt better.", []),
        ("It happened 40 years ago.", []),
        ("Half of the volunteers got the placebo.", []),
        ("In the second half of the season, scores rose.", []),
        ("A quarter of a century has passed.", []),
        ("People older than 65 and a chatbot launched in November 2022 were compared.", []),
        ("The room was kept at 69 degrees Fahrenheit.", []),
    ],
)
def test_read_quantities(text: str, found: list[str]) -> None:
    assert [text[q.start:q.end] for q in read_quantities(text)] == found


ABSTRACT = (
    "We followed 805,753 adults and 43,880 twins. Of respondents, 65.03% reported fatigue and 21.71% reported pain. "
    "Short sleep was associated with higher mortality (hazard ratio 1.65, 95% CI 1.2 to 2.2) and long sleep with "
    "lower mortality (HR 0.75) over a 12-week course. Weight fell by 10% or more in 69.1% of participants. "
    "Moss cover dropped by 27%."
)


@pytest.mark.parametrize(
    ("story", "is_sourced"),
    [
        ("more than 800,000 adults", True),  # rounded down with "more than"
        ("800,000 adults", True),  # a round figure covers what it rounds
        ("more than 43,000 twins", True),
        ("38,000 twins", False),  # a different figure, not a rounding
        ("almost two out of three reported fatigue", True),
        ("about one in five reported pain", True),
        ("three-quarters lost weight", False),  # 75 against 69.1: six points off
        ("a 65% higher risk of dying", True),  # hazard ratio 1.65
        ("a 25% lower risk", True),  # hazard ratio 0.75
        ("a 72% higher risk", False),
        ("27 per cent", True),
        ("35 percent", False),
        ("over the past 25 years", False),
        ("rose 1.65-fold", True),
        ("taken for 12 weeks", True),  # the abstract's "12-week" course
    ],
)
def test_sourced(story: str, is_sourced: bool) -> None:
    pool = number_pool([ABSTRACT])
    quantities = read_quantities(story)
    assert quantities, story
    assert all(sourced(q, pool) for q in quantities) is is_sourced


def test_or_as_a_word_is_not_an_odds_ratio() -> None:
    """'or' in prose must not turn every decimal of an abstract into a percentage change."""
    pool = number_pool(["Scores of 1.2 or 1.3 points were seen in 40 children."])
    assert not any(sourced(q, pool) for q in read_quantities("a 20% rise"))


def _paper(abstract: str) -> Paper:
    return Paper(title="Sleep and mortality in a cohort", abstract=abstract)


def _flags(article_text: str, abstract: str) -> list[str]:
    paper = _paper(abstract)
    article = parse_article(article_text)
    ctx = CheckContext(article=article, paper=paper, profile=build_profile(paper))
    return [f.article_span.text for f in unsourced_number.check(ctx)]


def test_one_flag_per_figure() -> None:
    """A figure repeated, even in another form ('a fifth', '20 per cent'), is one problem and one flag."""
    text = ("Pill helps adults lose a fifth of their weight\n\nThe pill helped people shed 20 per cent of their "
            "weight. Doctors said 20 per cent is a lot. Some 64% felt better.")
    assert _flags(text, "We enrolled 300 adults. Weight fell by 12% on average.") == ["a fifth of", "64%"]


def test_message_is_about_the_figure() -> None:
    paper = _paper("We enrolled 300 adults. Weight fell by 12% on average.")
    article = parse_article("Diet study\n\nWeight fell by 30% in a year.")
    flags = unsourced_number.check(CheckContext(article=article, paper=paper, profile=build_profile(paper)))
    assert len(flags) == 1 and "'30%'" in flags[0].message and "12%" in flags[0].evidence[0].text


# --- harms (P6, P24) ---

@pytest.mark.parametrize(
    ("text", "is_intervention"),
    [
        ("Headset eases tinnitus\n\nA headset that delivers electrical stimulation to the scalp eased ringing in "
         "the ears in a trial of 60 adults.", True),
        ("Pill cuts gout flares\n\nPatients given the pill had fewer flares.", True),
        ("Students and note-taking\n\nMany students now bring tablets to class. The tablets distract them, the "
         "survey found.", False),
        ("Blood survey of a town\n\nResearchers tested 2,000 residents for antibodies to the virus. How many "
         "antibodies protect against reinfection is unknown.", False),
        ("Virus family tree\n\nVaccine developers hope the virus stays stable. Work on a vaccine continues. The "
         "genomes were sequenced by Jo Park, Professor of Medicine.", False),
        ("Loneliness and sleep\n\nLonely people slept worse, a survey of 900 adults found.", False),
        ("Antibody drip for migraine\n\nPatients received the antibodies by infusion every month.", True),
    ],
)
def test_intervention_story_reads_what_was_tested(text: str, is_intervention: bool) -> None:
    assert harms.intervention_story(parse_article(text), build_profile(None)) is is_intervention


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Experts cautioned about the risks of the implant for older patients.", True),
        ("The authors caution that a larger study is needed.", False),  # a caution about evidence, not harms
        ("Some doctors raised concerns about the long-term safety of the drug.", True),
        ("There were no serious adverse events.", True),
        ("The drug lowered the risk of heart disease.", False),
    ],
)
def test_harms_written_as_caution(text: str, mentions: bool) -> None:
    assert harms.mentions_harms(text) is mentions


def test_harms_omission_points_at_the_headline() -> None:
    text = ("Pill cuts gout flares\n\nA pill cut gout flares in a trial. Patients given the pill had fewer flares, "
            "the team said.")
    flags = harms.check(CheckContext(article=parse_article(text), paper=None, profile=build_profile(None)))
    assert [f.article_span.text for f in flags] == ["Pill cuts gout flares"]


def test_harms_passing_safety_points_at_the_claim() -> None:
    text = ("Pill cuts gout flares\n\nA pill cut gout flares in a trial. The treatment is safe, the team said.")
    flags = harms.check(CheckContext(article=parse_article(text), paper=None, profile=build_profile(None)))
    assert [f.article_span.text for f in flags] == ["The treatment is safe, the team said."]
    assert "only in passing ('safe')" in flags[0].message


# --- benefit-size (P8) ---

def _benefit_flags(text: str, design: str = "randomised controlled trial") -> list[str]:
    profile = build_profile(None).model_copy(update={"design": design, "subjects": "people"})
    ctx = CheckContext(article=parse_article(text), paper=None, profile=profile)
    return [f.article_span.text for f in benefit_size.check(ctx)]


@pytest.mark.parametrize(
    ("text", "design", "flagged"),
    [
        ("Yoga and back pain\n\nPain relief was more pronounced in the yoga group than in the walking group.",
         "randomised controlled trial", ["more pronounced"]),
        ("Fibre and gut health\n\nEating more fibre noticeably increased how many kinds of microbes people had.",
         "randomised controlled trial", ["noticeably increased"]),
        ("New catalyst\n\nThe tweaked catalyst was even faster than the original one.", "other",
         ["even faster than"]),
        ("Tutoring helps pupils\n\nA short tutoring course can improve reading in pupils who struggle.",
         "randomised controlled trial", ["can improve"]),
        ("Mindset lessons\n\nPupils at 40 schools took part. The study showed that the lessons can improve grades in "
         "maths.", "randomised controlled trial", ["can improve"]),
        # must not fire: the intervention itself, figures given, an observational comparison, no benefit claimed
        ("Mindset lessons\n\nPupils at 40 schools took part. The study showed that the lessons can improve grades: "
         "pass rates rose by 8%.", "randomised controlled trial", []),
        ("Microdosing trial\n\nWe saw gains in mood after four weeks. The placebo group improved to a similar extent, "
         "the results showed.", "randomised controlled trial", []),
        ("Fasting and flies\n\nSharply cutting calories extended the lives of the volunteers' fruit bowls.",
         "randomised controlled trial", []),
        ("Yoga and back pain\n\nPain relief was more pronounced with yoga (2.1 vs 0.9 points).",
         "randomised controlled trial", []),
        ("Coffee and sleep\n\nThe link was less marked in older drinkers.", "cohort", []),
        ("Tutoring study\n\nTutoring did not improve reading in the trial.", "randomised controlled trial", []),
        ("Tutoring helps pupils\n\nTutoring can improve reading: scores rose from 40 in 100 pupils passing to 52 in "
         "100 compared with 40 in 100.", "randomised controlled trial", []),
    ],
)
def test_benefit_size_vague_and_scoped(text: str, design: str, flagged: list[str]) -> None:
    assert _benefit_flags(text, design) == flagged


def test_benefit_size_fold_needs_a_change() -> None:
    assert _benefit_flags("Crystal study\n\nThe crystals showed a 6-fold symmetry.", "other") == []
    assert _benefit_flags("Smoking study\n\nSmokers had a 6-fold higher risk of the disease.",
                          "randomised controlled trial") == ["6-fold higher"]
