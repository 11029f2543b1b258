"""The JATS parser: contract tests on every recorded full text (three Europe PMC dialects, PMC efetch, bioRxiv),
and our own small documents for the shapes the recordings lack and for the safety rules."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from caveat.core import limits
from caveat.core.paths import shared_dir
from retrieval.jats import JatsError, kind_from_title, parse_jats

ROOT = shared_dir() / "data" / "api-fixtures"
recorded = pytest.mark.skipif(not ROOT.is_dir(), reason=f"recorded API responses not present at {ROOT}")

# file -> (section count by kind, (kind, title path, a few words of that section))
JATS_RECORDS: dict[str, tuple[dict[str, int], list[tuple[str, str, str]]]] = {
    "europepmc/fullTextXML_PMC13243727_Glia2026_mouse_JATS1.4-DOCTYPE.xml": (
        {
            "introduction": 1,
            "methods": 5,
            "results": 1,
            "discussion": 7,
            "other": 1,
            "funding": 1,
            "competing-interests": 1,
            "acknowledgements": 1,
            "data-availability": 1,
        },
        [
            ("methods", "Methods, Animals", "GCaMP6f"),
            ("competing-interests", "Conflicts of Interest", "declare no conflicts"),
            ("funding", "Funding", "ANR"),
        ],
    ),
    "europepmc/fullTextXML_PMC13254492_BCPT2026_RCT_adverse-effects_NEWFORMAT-noDOCTYPE.xml": (
        {
            "introduction": 1,
            "methods": 7,
            "results": 5,
            "discussion": 1,
            "funding": 1,
            "competing-interests": 1,
            "acknowledgements": 1,
            "data-availability": 1,
        },
        [
            ("methods", "Materials and Methods, Study Subjects", "We enrolled 12 healthy"),
            ("results", "Results, Pharmacological Effects", "no serious adverse effects"),
            ("competing-interests", "Conflicts of Interest", "no conflicts"),
        ],
    ),
    "europepmc/fullTextXML_PMC3258128_NAR2012_OLDFORMAT-archivearticle3.xml": (
        {"introduction": 1, "methods": 11, "results": 4, "discussion": 1, "funding": 1, "competing-interests": 1},
        [
            ("methods", "Materials and methods, Cell lines and cultures", "HepG2"),
            ("competing-interests", "Funding, Conflict of interest statement", "None declared"),
            ("funding", "Funding", "2010CB912801"),
        ],
    ),
    "pmc/efetch_pmc_8435807_ERJOpenRes_correction-notice.xml": ({"other": 1}, [("other", "", "95% confidence")]),
    "biorxiv/meca_content_jats_10.1101_2022.06.24.497502v1.xml": (
        {"introduction": 1, "methods": 15, "results": 6, "discussion": 1, "funding": 1, "competing-interests": 2},
        [
            ("methods", "Methods and Materials, Participants", "20 postmenopausal"),
            ("methods", "Methods and Materials, Animals", "ApoE"),
            ("competing-interests", "Competing Interest Statement", "no competing interest"),
        ],
    ),
}


@recorded
@pytest.mark.parametrize("name", sorted(JATS_RECORDS))
def test_recorded_full_text(name: str) -> None:
    counts, expected = JATS_RECORDS[name]
    sections = parse_jats((ROOT / name).read_text(encoding="utf-8"))
    assert dict(Counter(s.kind for s in sections)) == counts
    for kind, title, words in expected:
        section = next(s for s in sections if s.title == title)
        assert section.kind == kind and words in section.text
    for section in sections:
        assert not re.search(r"</?[a-z-]+[ >/]", section.text) and "  " not in section.text
        assert not section.title.lower().startswith(("references", "supporting information"))


@recorded
def test_recorded_full_text_leaves_out_figures_and_tables() -> None:
    sections = parse_jats((ROOT / next(iter(JATS_RECORDS))).read_text(encoding="utf-8"))
    text = "\n".join(s.text for s in sections)
    assert "FIGURE 1" not in text and "TABLE 1" not in text and "Astrocytic event parameters" not in text


# -- our own documents --------------------------------------------------------------------------------------


def article(body: str = "", back: str = "", front: str = "") -> str:
    return (
        f"<article><front><article-meta>{front}</article-meta></front><body>{body}</body><back>{back}</back></article>"
    )


def test_kinds_from_titles_and_inheritance() -> None:
    assert kind_from_title("Materials and methods") == "methods"
    assert kind_from_title("Study design") == "methods"
    assert kind_from_title("Participants", "results") == "results"
    assert kind_from_title("Strengths and limitations", "discussion") == "limitations"
    assert kind_from_title("Adverse events", "results") == "adverse-events"
    assert kind_from_title("Safety assessments", "methods") == "methods"
    assert kind_from_title("Declaration of interests") == "competing-interests"
    assert kind_from_title("Conflicts of interest and funding") == "competing-interests"
    assert kind_from_title("Role of the funding source") == "funding"
    assert kind_from_title("Trial registration") == "trial-registration"
    assert kind_from_title("Data sharing statement") == "data-availability"


def test_nested_sections_titles_and_limitations_subsection() -> None:
    xml = article(
        "<sec><label>2</label><title>METHODS</title><sec><label>2.1</label><title>Animals</title>"
        "<p>Forty   voles\nwere housed.</p><fig><label>Figure 1</label><caption><p>A vole.</p></caption></fig>"
        "</sec></sec>"
        "<sec><title>Discussion</title><p>Voles dream.</p><sec><title>Limitations</title><p>Only voles.</p></sec></sec>"
        "<sec><title>Safety</title><list><list-item><p>No deaths.</p></list-item><list-item><p>One bite.</p>"
        "</list-item></list></sec>"
    )
    sections = parse_jats(xml)
    assert [(s.kind, s.title, s.text) for s in sections] == [
        ("methods", "Methods, Animals", "Forty voles were housed."),
        ("discussion", "Discussion", "Voles dream."),
        ("limitations", "Discussion, Limitations", "Only voles."),
        ("adverse-events", "Safety", "No deaths.\n\nOne bite."),
    ]


def test_statements_from_footnotes_notes_conflict_and_funding_group() -> None:
    front = (
        "<author-notes><fn fn-type='COI-statement'><p>A. holds shares in VoleCo.</p></fn>"
        "<fn fn-type='financial-disclosure'><p>Paid by the Vole Trust.</p></fn></author-notes>"
        "<funding-group><award-group><funding-source>Vole Council</funding-source><award-id>V-1</award-id>"
        "</award-group></funding-group>"
    )
    back = "<fn-group><fn fn-type='conflict'><p>None other.</p></fn></fn-group>"
    sections = parse_jats(article("<sec><title>Results</title><p>More voles.</p></sec>", back, front))
    by_kind = {(s.kind, s.text) for s in sections}
    assert ("competing-interests", "A. holds shares in VoleCo.") in by_kind
    assert ("competing-interests", "None other.") in by_kind
    assert ("funding", "Paid by the Vole Trust.") in by_kind
    # the funding group is used only when no funding text was found
    assert not any("Vole Council" in s.text for s in sections)
    only_group = parse_jats(
        article(
            "<p>x</p>",
            "",
            front.split("<fn fn-type='financial")[0] + "</author-notes>" + front.split("</author-notes>")[1],
        )
    )
    assert any(s.kind == "funding" and s.text == "Vole Council (V-1)" for s in only_group)


def test_nested_blocks_keep_their_words_apart() -> None:
    xml = article(
        "<sec><title>Results</title><p>Seen:<list><list-item><p>One.</p></list-item>"
        "<list-item><p>Two.</p></list-item></list></p></sec>"
    )
    assert [s.text for s in parse_jats(xml)] == ["Seen: One. Two."]


def test_untitled_section_takes_its_kinds_name() -> None:
    xml = article(back="<sec sec-type='COI-statement'><p>None.</p></sec><sec><p>Loose.</p></sec>")
    assert [(s.kind, s.title) for s in parse_jats(xml)] == [
        ("competing-interests", "Competing interests"),
        ("other", ""),
    ]


def test_run_in_statement_inside_another_section() -> None:
    xml = article(
        back="<sec><title>Funding</title><p>The Vole Trust.</p><p><bold>Competing interests:</bold> none.</p></sec>"
    )
    sections = parse_jats(xml)
    assert [(s.kind, s.title) for s in sections] == [
        ("funding", "Funding"),
        ("competing-interests", "Funding, Competing interests"),
    ]


def test_efetch_wrapper_and_body_less_article() -> None:
    wrapped = (
        "<?xml version='1.0' ?><pmc-articleset>"
        + article("<sec><title>Results</title><p>Yes.</p></sec>")
        + "</pmc-articleset>"
    )
    assert [s.kind for s in parse_jats(wrapped)] == ["results"]
    front_only = "<pmc-articleset><article><front><article-meta/></front></article></pmc-articleset>"
    assert parse_jats(front_only) == []


def test_entities_dtd_and_network_are_refused_or_ignored() -> None:
    bomb = (
        '<!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<article><body><p>&b;</p></body></article>"
    )
    with pytest.raises(JatsError, match="entities"):
        parse_jats(bomb)
    external = '<!DOCTYPE article SYSTEM "http://127.0.0.1:9/nothing.dtd"><article><body><p>Fine.</p></body></article>'
    assert [s.text for s in parse_jats(external)] == ["Fine."]
    with pytest.raises(JatsError, match="not valid XML"):
        parse_jats("<article><body>")
    with pytest.raises(JatsError, match="no <article>"):
        parse_jats("<html><body/></html>")
    with pytest.raises(JatsError, match="limit"):
        parse_jats(article("<p>" + "x" * 200 + "</p>"), max_bytes=100)


def test_full_text_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "FULL_TEXT_CHARS", 30)
    xml = article(
        "<sec><title>Methods</title><p>Ten voles.</p><p>Twelve mice.</p><p>Many rats were here.</p></sec>"
        "<sec><title>Results</title><p>Lost.</p></sec>"
    )
    sections = parse_jats(xml)
    assert [(s.kind, s.text) for s in sections] == [("methods", "Ten voles.\n\nTwelve mice.")]
