"""Word lists that more than one check needs, kept in one place so the checks agree on what a word means."""

from __future__ import annotations

import re

__all__ = ["ANIMAL_QUALIFIER", "HUMAN_PROMISE", "INTERVENTION_WORD", "LAB_DESIGNS", "LAB_SUBJECTS"]

ANIMAL_QUALIFIER = re.compile(
    r"\b(?:in |of |on )?(?:mice|mouse|murine|rats?|rodents?|animals?|zebrafish|monkeys?|macaques?|primates?|pigs?|"
    r"dogs?|rabbits?|hamsters?|sheep|worms?|flies|fruit flies|drosophila|yeast|cell (?:lines?|cultures?|studies|"
    r"study)|organoids?|lab-grown|(?:in|on) (?:human |lab-grown |cultured )?cells|cells in (?:a|the) (?:lab|dish)|"
    r"lab dish(?:es)?|petri dish(?:es)?|test tubes?|in vitro|in the lab|laboratory|computer models?|simulations?|"
    r"in silico|preclinical|pre-clinical)\b",
    re.IGNORECASE,
)
"""Words that tell a reader the result is not (yet) about people."""

HUMAN_PROMISE = re.compile(
    r"\b(?:patients?|people|sufferers?|men|women|children|adults|elderly|millions|"
    r"(?:humans?|you|your)\b(?=(?:\W+\w+){0,3}\W+(?:benefit\w*|helped|live longer|recover\w*|heal(?:s|ed)?|"
    r"protected|cured|treated|grow back|regrow\w*))|"
    r"relief|reliev\w*|treat(?:s|ing|ment|ments)?|therap(?:y|ies)|cures?|pain-free|remed(?:y|ies)|"
    r"hope for|help (?:fight|beat|prevent|treat|ease)|reverses?|reversing|heal(?:s|ed|ing)?|pills?|jabs?|medicine|"
    r"drugs?|regrow\w*|teeth|tooth|prevent(?:s|ed|ing)?|infections?|protects?\s+(?:the\s+)?(?:brain|heart|"
    r"body|against)|memory|alzheimer(?:'|’)?s|dementia|parkinson(?:'|’)?s|cancers?|tumou?rs?|diabetes|obesity|"
    r"ag(?:e)?ing|lifespan|live longer|longevity|diseases?)\b",
    re.IGNORECASE,
)
"""Words that promise an outcome for people: a treatment, relief, a disease beaten, patients. 'health' is not one
(it is everywhere), and 'humans' or 'you' only when a benefit follows ('outperforms humans' promises nothing)."""

INTERVENTION_WORD = re.compile(
    r"\b(?:drugs?|medications?|medicines?|pills?|tablets?|vaccines?|vaccinations?|jabs?|devices?|implants?|"
    r"surgery|surgeries|surgical|procedures?|\w*therap(?:y|ies)|treatments?|supplements?|injections?|infusions?|"
    r"operations?|transplants?|stents?|senolytics?|inhibitors?|antibod(?:y|ies)|(?:neuro)?stimulation|"
    r"neuromodulation|electrodes?|pacemakers?|catheters?|screening|doses|dosing|dosage|[a-z]{3,}mab)\b",
    re.IGNORECASE,
)
"""Words that make a story about an intervention (a drug, device or procedure, a screening test). Some are
ambiguous on their own ("tablets" the computers, "antibodies" measured in blood, "Medicine" in a job title): the
harms check reads them in context (caveat.rules.harms.intervention_story)."""

LAB_DESIGNS = frozenset({"animal experiment", "in vitro", "computer model"})
LAB_SUBJECTS = frozenset({"animals", "cells", "none"})
