"""Tables of invented sentences for the wording judgements of caveat.analysis.language.

Every sentence here was written for this file (fictional studies, gardeners, parrots and kites), so that the tests
say what the rules should do in plain cases without borrowing any benchmark's text.
"""

from __future__ import annotations

import re

import pytest

from caveat.analysis import language
from caveat.analysis.language import advice_level, causal_spans, certainty_score, claim_strength, hedge_spans

NO_RELATIONSHIP = [
    "We surveyed 200 gardeners about their sleep.",
    "Participants were recruited from three bakeries in two towns.",
    "The mean age of the kite flyers was 41 years.",
    "Further studies should examine whether parrots improve mood.",
    "More research is needed to confirm these results in older adults.",
    "The aim of this study was to assess the effect of chess on memory.",
    "We investigated whether cold showers reduce fatigue.",
    "Half of the beekeepers reported at least one sting per season.",
    "Questionnaires were returned by 83% of the allotment holders.",
    "The orchard survey covered twelve villages.",
    "Reduced hedge trimming was reported by most gardeners.",
    "Triple-layered nets were used in the orchard.",
    "The leaflet listed sunburn risk factors in plain words.",
    "The garden spray is safe for bees.",
    "Blood samples were stored for later biomarker analysis.",
]

DENIED = [
    # (a denial, the kind of relationship it denies)
    ("Owning a parrot was not associated with blood pressure.", 1),
    ("There was no significant association between tea intake and sleep.", 1),
    ("Walking speed did not correlate with memory scores.", 1),
    ("Daily stretching did not reduce back pain.", 3),
    ("The lotion had no effect on sunburn in cyclists.", 3),
]

CORRELATIONAL = [
    "Tomato growers are associated with fewer headaches.",
    "Owning a parrot was linked to lower blood pressure.",
    "Walking speed correlated with memory scores.",
    "Higher tea intake was associated with better sleep quality.",
    "Kite flying is related to fewer winter colds.",
    "Short sleep predicts poorer exam results in teenagers.",
    "Loneliness is a risk factor for hearing loss in retired sailors.",
    "Beekeepers had lower rates of hay fever than office workers.",
    "Allergy was more common among children in the city than in villages.",
    "People who cycle to work are more likely to report good mood.",
    "Knitting was inversely associated with anxiety scores.",
    "We found a strong correlation between garden size and vitamin D levels.",
    "Memory scores increased with age in the chess club members.",
    "Choir singers showed higher lung capacity compared with non-singers.",
    "Hearing loss was more prevalent among drummers.",
]

CONDITIONAL_CAUSAL = [
    "Chewing gum may reduce exam stress.",
    "Cold showers could lead to better mood.",
    "Reading aloud might improve vocabulary in toddlers.",
    "Tai chi may help prevent falls in older adults.",
    "Bright office lighting could increase alertness after lunch.",
    "Mint tea appears to ease bloating after large meals.",
    "Regular sauna use may contribute to lower blood pressure.",
    "The new seed coating might protect tomato plants from blight.",
    "Dog ownership may play a role in reducing loneliness.",
    "These findings suggest that gardening may lower stress hormones.",
    "Playing the violin could potentially slow memory decline.",
    "Afternoon naps seem to boost reaction times in pilots.",
    "A daily walk would likely improve sleep in shift workers.",
    "Fermented foods may be beneficial for gut comfort.",
    "Noise at night may cause poorer concentration the next day.",
    "Mulching can reduce weeds in raised beds.",
    "A daily walk can improve sleep in shift workers.",
    "These results may mean that pruning improves apple yield.",
    "Heavy rain could mean that slugs damage more lettuces.",
]

DIRECT_CAUSAL = [
    "Daily stretching reduces back pain.",
    "The drug prevents migraines in adults.",
    "Noise at night causes poorer concentration.",
    "Juggling improves hand-eye coordination in children.",
    "The lotion prevents sunburn in cyclists.",
    "Skipping breakfast leads to overeating at lunch.",
    "The herbal spray was effective in reducing snoring.",
    "Cold water swimming boosts immune responses.",
    "The vaccine cut hospital admissions by half.",
    "Blue light exposure triggers headaches in some office workers.",
    "Regular dancing has a positive effect on balance.",
    "The exercise programme increased muscle strength in older women.",
    "Salt intake raises blood pressure in sensitive people.",
    "Loud music damages hearing in young concert-goers.",
    "Memory was improved by the puzzle training.",
]


@pytest.mark.parametrize("sentence", NO_RELATIONSHIP)
def test_no_relationship_scores_0(sentence: str) -> None:
    assert claim_strength(sentence) == 0


@pytest.mark.parametrize("sentence", CORRELATIONAL)
def test_correlational_scores_1(sentence: str) -> None:
    assert claim_strength(sentence) == 1


@pytest.mark.parametrize("sentence", CONDITIONAL_CAUSAL)
def test_conditional_causal_scores_2(sentence: str) -> None:
    assert claim_strength(sentence) == 2


@pytest.mark.parametrize("sentence", DIRECT_CAUSAL)
def test_direct_causal_scores_3(sentence: str) -> None:
    assert claim_strength(sentence) == 3


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Daily stretching reduces back pain.", "reduces"),
        ("Owning a parrot was linked to lower blood pressure.", "linked to"),
        ("Chewing gum may reduce exam stress.", "may reduce"),
        ("The drug prevents migraines in adults.", "prevents"),
        ("Walking speed correlated with memory scores.", "correlated"),
    ],
)
def test_causal_spans_quote_the_deciding_cue(sentence: str, cue: str) -> None:
    spans = causal_spans(sentence)
    strength = claim_strength(sentence)
    quoted = [sentence[a:b] for a, b, s in spans if s == strength]
    assert cue in quoted


def test_causal_spans_offsets_point_into_the_whole_text() -> None:
    text = (
        "Gardeners were surveyed in May. Composting was associated with fewer colds.\n\n"
        "Mulch may reduce weeds. The spray kills aphids."
    )
    spans = causal_spans(text)
    quoted = {(text[a:b], s) for a, b, s in spans}
    assert any("associated" in cue and s == 1 for cue, s in quoted)
    assert ("may reduce", 2) in quoted
    assert ("kills", 3) in quoted
    assert all(s != 0 for _, _, s in spans)  # the first sentence makes no claim
    assert claim_strength(text) == 3  # the strongest sentence


@pytest.mark.parametrize(("sentence", "kind"), DENIED)
def test_denial_is_graded_by_the_relationship_it_denies(sentence: str, kind: int) -> None:
    assert claim_strength(sentence) == kind


@pytest.mark.parametrize(("sentence", "kind"), DENIED)
def test_denied_cues_are_quoted_with_strength_0(sentence: str, kind: int) -> None:
    spans = causal_spans(sentence)
    assert spans and all(s == 0 for _, _, s in spans)


def test_negated_cue_is_quoted_with_strength_0() -> None:
    text = "Owning a parrot was not associated with blood pressure."
    spans = causal_spans(text)
    assert spans and all(s == 0 for _, _, s in spans)
    assert any("associated" in text[a:b] for a, b, _ in spans)


def test_denial_and_claim_in_one_text() -> None:
    text = "Daily stretching did not reduce back pain. Mint tea eases bloating."
    assert claim_strength(text) == 3
    assert {(text[a:b], s) for a, b, s in causal_spans(text)} == {("reduce", 0), ("eases", 3)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Higher tea intake was associated with reduced risk of insomnia.",
        "Kite flying was linked to improved mood, which may reflect time outdoors.",
    ],
)
def test_association_outranks_a_causal_word_in_a_side_clause(sentence: str) -> None:
    assert claim_strength(sentence) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Patients showed reduced uptake of the tracer.",
        "There was an increase in visits during winter.",
        "Volunteers with raised blood pressure were excluded.",
        "Improved seed trays were handed out to every allotment.",
        "Smaller increases were seen in the second orchard.",
    ],
)
def test_cue_words_used_as_adjectives_or_nouns_are_not_causal(sentence: str) -> None:
    assert claim_strength(sentence) < 3


NO_ADVICE = [
    "The cohort included 300 retired postal workers.",
    "Mint tea reduced bloating in the trial.",
    "Further studies should test the spray in larger groups.",
    "These results should be interpreted with caution.",
    "More research is needed before the diet is tried elsewhere.",
    "Walking was associated with better sleep.",
    "The survey was posted to 900 households.",
    "Symptoms improved in both groups after six weeks.",
]

WEAK_ADVICE = [
    "Clinicians may consider offering balance classes to older patients.",
    "Older adults could benefit from regular balance training.",
    "The breathing app can be used by nurses to calm anxious patients.",
    "Mint tea may be a useful option for people with mild bloating.",
    "Tai chi is a safe and feasible alternative to gym exercise for older adults.",
    "Our findings support the use of reminder letters in dental practices.",
    "Singing groups may help clinicians support people with lung disease.",
    "Gardening programmes might be considered for residents of care homes.",
]

STRONG_ADVICE = [
    "Parents should limit screen time before bed.",
    "Avoid sugary drinks after dinner.",
    "We recommend that clinicians screen for anaemia.",
    "Pregnant women must not take the supplement.",
    "Eat at least two portions of fish a week.",
    "Routine scans are not necessary for patients with mild symptoms.",
    "There is an urgent need for better hearing checks in schools.",
    "Daily vitamin D is recommended for people who rarely go outdoors.",
]


@pytest.mark.parametrize("sentence", NO_ADVICE)
def test_no_advice(sentence: str) -> None:
    assert advice_level(sentence) == 0


@pytest.mark.parametrize("sentence", WEAK_ADVICE)
def test_weak_advice(sentence: str) -> None:
    assert advice_level(sentence) == 1


@pytest.mark.parametrize("sentence", STRONG_ADVICE)
def test_strong_advice(sentence: str) -> None:
    assert advice_level(sentence) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The findings suggest that mint tea might calm nerves.", ["suggest", "might"]),
        ("Kite flying is associated with fewer colds.", ["is associated with"]),
        ("This preliminary result could potentially change practice.", ["preliminary", "could", "potentially"]),
        ("The drug appears to work and is likely safe.", ["appears to", "likely"]),
        ("The trial proved that the drug works.", []),
        ("Dog owners were more likely to walk daily.", []),
    ],
)
def test_hedge_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in hedge_spans(text)] == expected


CERTAINTY_ORDERED = [
    # (less certain, more certain)
    (
        "It is unclear whether the enzyme plays any role, and further research is needed.",
        "The enzyme may play a role in the disease.",
    ),
    ("The enzyme may play a role in the disease.", "The enzyme plays a role in the disease."),
    ("Mint tea might possibly ease bloating.", "Mint tea eased bloating in 70% of volunteers."),
    ("The results suggest a potential benefit.", "The trial clearly demonstrated a significant benefit."),
    ("Perhaps the birds use the stars to navigate.", "The birds navigate by the stars."),
]


@pytest.mark.parametrize(("less", "more"), CERTAINTY_ORDERED)
def test_certainty_orders_hedged_below_certain(less: str, more: str) -> None:
    assert certainty_score(less) < certainty_score(more)


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        "It may perhaps possibly suggest that it might potentially be unclear, and more research is needed.",
        "This study clearly proves and confirms a significant effect, shown in 99% of cases.",
    ],
)
def test_certainty_stays_on_the_scale(sentence: str) -> None:
    assert 1.0 <= certainty_score(sentence) <= 6.0


def test_empty_text() -> None:
    assert claim_strength("") == 0
    assert causal_spans("") == []
    assert hedge_spans("") == []
    assert advice_level("") == 0


@pytest.mark.parametrize(
    ("phrase", "parts"),
    [
        ("a|b", ["a", "b"]),
        ("a(?:b|c)|d", ["a(?:b|c)", "d"]),
        (r"x[|]y|z", [r"x[|]y", "z"]),
        (r"p\|q", [r"p\|q"]),
    ],
)
def test_split_top_level(phrase: str, parts: list[str]) -> None:
    assert language._split_top_level(phrase) == parts


PHRASES = (r"(?:is|are)\s+linked", "may", "might", r"\d+\s*%", "possibl[ey]|possibility", "(?:a|b)?c")


@pytest.mark.parametrize(
    "text",
    [
        "it is linked",
        "they are linked",
        "it may",
        "it might",
        "50 %",
        "possibly",
        "possibility",
        "bc",
        "c",
        "ppossible",
    ],
)
def test_first_letter_dispatch_matches_the_plain_alternation(text: str) -> None:
    plain = re.compile(r"\b(?:" + "|".join(PHRASES) + r")\b")
    dispatched = re.compile(r"\b(?:" + language._words(*PHRASES) + r")\b")
    found = plain.search(text)
    other = dispatched.search(text)
    assert (found and found.group()) == (other and other.group())
