"""Every bound Caveat holds, in one place.

A second reader on a shared page meets hostile and broken input: a DOCX that inflates a thousandfold, a server
that sends one byte a second, a model that answers with ten thousand findings. Each bound below says what it
limits and what happens past it, so that the code, the tests and the README's "Faults" table all read the same
number. Bounds that an editor may reasonably want to change are settings (``CAVEAT_...``); the rest are fixed
here because raising them only trades a clear message for a stuck page.

The README's table is checked against `LIMITS` by a test: add a bound here and the README with it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limit", "faults_table"]

KB = 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One bound: its value, unit, what it protects, and the setting that changes it (empty when fixed)."""

    name: str
    value: int | float
    unit: str
    what: str
    setting: str = ""


# Inputs --------------------------------------------------------------------------------------------------------
ARTICLE_CHARS = 2_000_000
"""A long feature runs to 50,000 characters; two million is a book. Past it, something was pasted by mistake."""
ARTICLE_BYTES = 5 * MB
"""An uploaded article file (text, Markdown, HTML, DOCX), before reading."""
PAPER_PDF_BYTES = 50 * MB
"""An uploaded PDF (the article or the paper): papers with figures run to tens of megabytes."""
ABSTRACT_CHARS = 100_000
"""An abstract, wherever it comes from (pasted, `--abstract`, paper JSON, an API): the longest run to ~5,000."""
PAPER_JSON_BYTES = 2 * MB
"""Paper JSON given by the editor (`--paper`, the page's paper field, a batch row's `paper`)."""
JSON_DEPTH = 32
"""Nesting of any JSON Caveat reads from outside (paper JSON, API answers, model answers, batch rows)."""
UNZIPPED_BYTES = 50 * MB
"""What a DOCX may inflate to, summed over its members, before any of it is decompressed."""
DOCX_MEMBERS = 2_000
"""Files inside a DOCX: a long report with images has a few hundred; thousands is an attack on the reader."""
DOCX_RATIO = 100
"""How many times its packed size one DOCX member (over 1 MB inflated) may declare; Word's XML packs ~10 to 1."""
HTML_DEPTH = 200
"""Nesting of HTML elements in an uploaded article; deeper elements are read as text of their parent."""

# Network -------------------------------------------------------------------------------------------------------
RESPONSE_BYTES = 20 * MB
"""One HTTP response body from a scholarly API (full-text XML runs to a few megabytes)."""
FULL_TEXT_CHARS = 1_000_000
"""A paper's open full text kept for the checks and the library; a long paper's body runs to ~150,000 characters."""
CACHE_BYTES = 200 * MB
"""The on-disk response cache; the oldest answers are dropped past it."""

# The language model --------------------------------------------------------------------------------------------
MODEL_RESPONSE_BYTES = 1 * MB
"""One answer from the language-model server."""
MODEL_FIELD_CHARS = 2_000
"""A message, suggestion, note or quote in a model's answer; longer fields are cut at a word."""
MODEL_FINDINGS = 30
"""Findings kept from one model answer; the rest are dropped and the review says so."""

# The review ----------------------------------------------------------------------------------------------------
FLAGS_PER_REVIEW = 400
"""Flags in one review; past it the lowest-severity flags are dropped and the review says how many."""
SUGGESTION_CHARS = 400
"""A suggested rewrite: a clause around the words, never a whole long sentence per flag."""
FULLTEXT_SECTION_CHARS = 30_000
"""Characters of one full-text section the checks split into sentences; a methods section runs to ~15,000."""
EVIDENCE_CHARS = 1_000
"""An evidence quote on a flag: a longer sentence (an abstract with no full stops) is cut to its first words, so
that one sentence repeated as evidence on every flag cannot multiply the review's size."""
HYPE_FLAGS_PER_SENTENCE = 3
"""Sensational words flagged one by one in one sentence; the last flag names the rest (stories have at most two)."""


LIMITS: list[Limit] = [
    Limit("article", ARTICLE_CHARS, "characters", "An article's text; longer is refused with a message."),
    Limit("article file", ARTICLE_BYTES, "bytes", "An uploaded article file; larger is refused."),
    Limit("PDF file", PAPER_PDF_BYTES, "bytes", "An uploaded PDF (article or paper); larger is refused."),
    Limit("abstract", ABSTRACT_CHARS, "characters", "An abstract from any source; longer is refused."),
    Limit("paper JSON", PAPER_JSON_BYTES, "bytes", "Paper JSON from the editor; larger is refused."),
    Limit("JSON nesting", JSON_DEPTH, "levels", "Any JSON read from outside; deeper is refused."),
    Limit("DOCX inflated", UNZIPPED_BYTES, "bytes", "A DOCX's members once inflated; checked before inflating."),
    Limit("DOCX members", DOCX_MEMBERS, "files", "Files inside a DOCX; more is refused before inflating."),
    Limit("DOCX ratio", DOCX_RATIO, "times packed", "What one large DOCX member may inflate to; more is refused."),
    Limit("HTML nesting", HTML_DEPTH, "levels", "HTML elements deeper than this are read as plain text."),
    Limit("response body", RESPONSE_BYTES, "bytes", "One API answer; a larger one is a source error."),
    Limit("full text", FULL_TEXT_CHARS, "characters", "A paper's open full text; sections past it are not read."),
    Limit("response cache", CACHE_BYTES, "bytes", "The disk cache of API answers; oldest dropped first."),
    Limit("model answer", MODEL_RESPONSE_BYTES, "bytes", "One language-model answer; larger is a failed call."),
    Limit("model field", MODEL_FIELD_CHARS, "characters", "A field of a model finding; cut at a word."),
    Limit("model findings", MODEL_FINDINGS, "findings", "Findings kept from one model answer."),
    Limit("flags", FLAGS_PER_REVIEW, "flags", "Flags in one review; lowest severity dropped first, counted."),
    Limit("suggestion", SUGGESTION_CHARS, "characters", "A suggested rewrite of a flagged passage."),
    Limit("full-text section", FULLTEXT_SECTION_CHARS, "characters",
          "One full-text section as the checks read it; the rest of a longer section is not read."),
    Limit("evidence quote", EVIDENCE_CHARS, "characters",
          "An evidence quote on a flag; a longer one is cut to its first words, offsets kept true."),
    Limit("hype flags per sentence", HYPE_FLAGS_PER_SENTENCE, "flags",
          "Sensational words flagged one by one in a sentence; the last flag names the rest."),
]
"""The fixed bounds. Time limits are settings (see `SETTING_LIMITS`) because a slow network is a local fact."""

SETTING_LIMITS: list[tuple[str, str]] = [
    ("CAVEAT_APIS__TIMEOUT_S", "One HTTP request to a scholarly API, body included."),
    ("CAVEAT_APIS__DEADLINE_S", "The whole paper lookup, across sources, retries and slow bodies."),
    ("CAVEAT_LLM__TIMEOUT_S", "One language-model call, body and retries included."),
    ("CAVEAT_LLM__DEADLINE_S", "The whole language-model pass, across calls and retries; the rules' flags stay."),
]
"""Bounds an editor may change, by setting name; their defaults are read from the settings declarations."""


def _fmt(value: int | float, unit: str) -> str:
    if unit == "bytes" and value >= MB:
        return f"{value / MB:g} MB"
    if unit == "bytes" and value >= KB:
        return f"{value / KB:g} KB"
    return f"{value:,} {unit}" if isinstance(value, int) else f"{value:g} {unit}"


def faults_table() -> str:
    """The README's bounds table, in Markdown: bound, default, setting, what happens."""
    from caveat.core.settings import Settings

    rows = ["| bound | default | setting | what it limits |", "| --- | --- | --- | --- |"]
    rows += [f"| {lim.name} | {_fmt(lim.value, lim.unit)} | {lim.setting or 'fixed'} | {lim.what} |" for lim in LIMITS]
    for variable, what in SETTING_LIMITS:
        section, _, field = variable.removeprefix("CAVEAT_").lower().partition("__")
        model = Settings.model_fields[section].annotation
        default = model.model_fields[field].default  # type: ignore[union-attr]  # sections are BaseModel classes
        rows.append(f"| {variable.split('__')[-1].lower()} ({section}) | {default:g} s | `{variable}` | {what} |")
    return "\n".join(rows)
