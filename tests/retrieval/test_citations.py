"""Citation finding on the project's own invented snippets, shaped like real news copy."""

from __future__ import annotations

import time

import pytest

from caveat.core.models import Citation
from caveat.core.paths import shared_dir
from retrieval.citations import find_citations, normalise_arxiv, normalise_doi, split_doi_version


def _ids(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.value) for c in find_citations(text) if c.kind != "bibliographic"]


def _assert_spans_exact(text: str, citations: list[Citation]) -> None:
    for citation in citations:
        assert text[citation.span.start : citation.span.end] == citation.span.text


# (text, expected (kind, value) that must be found)
IDENTIFIER_CASES = [
    ("The findings appear in 10.1234/tortoise.2021.55 this week.", ("doi", "10.1234/tortoise.2021.55")),
    ("DOI: 10.5555/glowworm-77", ("doi", "10.5555/glowworm-77")),
    ("doi:10.5555/glowworm-78.", ("doi", "10.5555/glowworm-78")),
    ("(doi: 10.5555/glowworm-79)", ("doi", "10.5555/glowworm-79")),
    ("See https://doi.org/10.5555/owl.v3i2.14, then", ("doi", "10.5555/owl.v3i2.14")),
    ("http://dx.doi.org/10.5555/Owl.Feathers.9;", ("doi", "10.5555/Owl.Feathers.9")),
    ("doi.org/10.5555/heron.42", ("doi", "10.5555/heron.42")),
    ("Link: https://doi.org/10.5555%2Fencoded.heron.43", ("doi", "10.5555/encoded.heron.43")),
    ("Lancet paper 10.1016/S0140-6736(24)00111-7.", ("doi", "10.1016/S0140-6736(24)00111-7")),
    ("[read](https://doi.org/10.1016/S0140-6736(24)00112-8)", ("doi", "10.1016/S0140-6736(24)00112-8")),
    ("Published as DOI: 10.2222 / walrus.88 in print", ("doi", "10.2222/walrus.88")),
    ("appears online, doi: 10.2222/WLR. 04400123.\n", ("doi", "10.2222/WLR.04400123")),
    ("DOI: 10.2222/walrus.90https://example.org/walrus", ("doi", "10.2222/walrus.90")),
    ("doi: 10.3333/kelp-2019-\n0042-7 and more", ("doi", "10.3333/kelp-2019-0042-7")),
    ("https://www.biorxiv.org/content/10.1101/2024.02.13.580111v3.full", ("doi", "10.1101/2024.02.13.580111")),
    ("www.medrxiv.org/content/10.1101/2023.07.01.23292222v1.full-text", ("doi", "10.1101/2023.07.01.23292222")),
    ("posted as 10.64898/2025.12.04.612345v2", ("doi", "10.64898/2025.12.04.612345")),
    ("https://elifesciences.org/articles/90417", ("doi", "10.7554/eLife.90417")),
    ("https://elifesciences.org/reviewed-preprints/90418v2", ("doi", "10.7554/eLife.90418")),
    ("the assessment 10.7554/eLife.90419.sa2 says", ("doi", "10.7554/eLife.90419")),
    ("https://www.nature.com/articles/s41586-025-01234-9", ("doi", "10.1038/s41586-025-01234-9")),
    (
        "https://journals.plos.org/plosbiology/article?id=10.1371/journal.pbio.3002999&rev=1",
        ("doi", "10.1371/journal.pbio.3002999"),
    ),
    ("https://www.science.org/doi/10.1126/science.adq0001", ("doi", "10.1126/science.adq0001")),
    ("https://www.pnas.org/doi/full/10.1073/pnas.2400000121#abstract", ("doi", "10.1073/pnas.2400000121")),
    ("https://www.nejm.org/doi/full/10.1056/NEJMoa2400001", ("doi", "10.1056/NEJMoa2400001")),
    ("https://onlinelibrary.wiley.com/doi/epdf/10.1111/jgs.19000", ("doi", "10.1111/jgs.19000")),
    (
        "https://link.springer.com/article/10.1007/s00125-024-06000-1/fulltext.html",
        ("doi", "10.1007/s00125-024-06000-1"),
    ),
    ("https://www.frontiersin.org/articles/10.3389/fnut.2024.1300001/full", ("doi", "10.3389/fnut.2024.1300001")),
    ("https://academic.oup.com/ajcn/article/doi/10.1093/ajcn/nqab001/6100000", ("doi", "10.1093/ajcn/nqab001/6100000")),
    ("https://www.mdpi.com/journal/nutrients doi.org/10.3390/nu16010001", ("doi", "10.3390/nu16010001")),
    (
        "https://jamanetwork.com/journals/jamanetworkopen/fullarticle/10.1001/jamanetworkopen.2024.0001",
        ("doi", "10.1001/jamanetworkopen.2024.0001"),
    ),
    (
        "https://www.thelancet.com/journals/lancet/article/PIIS0140-6736(24)00113-9/fulltext",
        ("doi", "10.1016/S0140-6736(24)00113-9"),
    ),
    (
        "https://www.thelancet.com/journals/laninf/article/PIIS1473309924000011/fulltext",
        ("doi", "10.1016/S1473-3099(24)00001-1"),
    ),
    ("https://www.bmj.com/content/384/bmj-2023-077777", ("doi", "10.1136/bmj-2023-077777")),
    ("PMID: 38000001", ("pmid", "38000001")),
    ("(PMID 38000002)", ("pmid", "38000002")),
    ("https://pubmed.ncbi.nlm.nih.gov/38000003/", ("pmid", "38000003")),
    ("https://www.ncbi.nlm.nih.gov/pubmed/38000004", ("pmid", "38000004")),
    ("PMC10900001", ("pmcid", "PMC10900001")),
    ("PMCID: PMC10900002.", ("pmcid", "PMC10900002")),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC10900003/", ("pmcid", "PMC10900003")),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10900004/", ("pmcid", "PMC10900004")),
    ("arXiv:2403.01234v2", ("arxiv", "2403.01234")),
    ("arXiv: 2403.0123", ("arxiv", "2403.0123")),
    ("https://arxiv.org/abs/2404.11111", ("arxiv", "2404.11111")),
    ("https://arxiv.org/pdf/2404.11112v3.pdf", ("arxiv", "2404.11112")),
    ("the old arXiv:astro-ph/0101001 paper", ("arxiv", "astro-ph/0101001")),
    ("https://arxiv.org/abs/hep-th/9912001", ("arxiv", "hep-th/9912001")),
]


@pytest.mark.parametrize(("text", "expected"), IDENTIFIER_CASES)
def test_identifier_is_found_and_normalised(text: str, expected: tuple[str, str]) -> None:
    citations = find_citations(text)
    assert expected in [(c.kind, c.value) for c in citations], citations
    _assert_spans_exact(text, citations)


NOT_IDENTIFIERS = [
    "Version 10.2.1 of the app shipped on 10.12.2023.",
    "Tickets cost $10.99 or £10.50; call 020 7946 0958.",
    "The ratio was 10.5/12 in the first group and 10.2/11 in the second.",
    "Scores rose from 1010.1234 to 1011.5678 points.",
    "The index fell 2301.01234 points",  # an arXiv-shaped number with no label
    "In 2023.10 release notes, item 12345678 was closed.",
    "Visit https://www.bbc.co.uk/news/science-environment-123456 for more.",
    "He was PMC's director for 10 years.",
]


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_look_alikes_are_not_identifiers(text: str) -> None:
    assert _ids(text) == []


def test_version_notes_are_kept_in_details() -> None:
    [biorxiv] = find_citations("https://www.biorxiv.org/content/10.1101/2024.02.13.580111v3")
    assert biorxiv.details["version"] == "3"
    [review] = find_citations("Review: 10.7554/eLife.90419.sa1")
    assert review.details["review_material"] == "10.7554/eLife.90419.sa1"
    assert "review material" in review.details["note"]
    [arxiv] = find_citations("arXiv:2403.01234v2")
    assert arxiv.details["version"] == "2"
    [datacite] = find_citations("https://doi.org/10.48550/arXiv.2403.01234")
    assert (datacite.kind, datacite.details["arxiv_id"]) == ("doi", "2403.01234")


def test_display_form_is_kept_but_comparison_is_case_free() -> None:
    [citation] = find_citations("DOI: 10.1056/NEJMoa2400009")
    assert citation.value == "10.1056/NEJMoa2400009"
    assert normalise_doi(citation.value) == normalise_doi("https://doi.org/10.1056/nejmoa2400009")


def test_link_span_covers_the_whole_link_and_excludes_trailing_punctuation() -> None:
    text = "Source (https://doi.org/10.4444/gecko.12)."
    [citation] = find_citations(text)
    assert citation.span.text == "https://doi.org/10.4444/gecko.12"
    assert citation.details["url"] == citation.span.text


def test_repeated_doi_is_reported_once_with_its_count() -> None:
    text = "The study (doi:10.4444/gecko.13) was big. Again: https://doi.org/10.4444/GECKO.13"
    dois = [c for c in find_citations(text) if c.kind == "doi"]
    assert len(dois) == 1
    assert dois[0].details["mentions"] == "2"
    assert dois[0].span.start == text.index("doi:")


@pytest.mark.parametrize(
    ("text", "main"),
    [
        (
            "Earlier work (doi:10.4444/old.1) hinted at this. The new study, published in Frogs Today, "
            "goes further.\n\nReference: DOI 10.4444/new.2",
            "10.4444/new.2",
        ),
        (
            "A 2019 paper, 10.4444/old.3, is related. The research published this week in Cell "
            "(https://doi.org/10.4444/new.4) shows more.",
            "10.4444/new.4",
        ),
        (
            "Previously, 10.4444/old.5 found nothing.\nThe study is at 10.4444/new.6 and again 10.4444/new.6.",
            "10.4444/new.6",
        ),
    ],
)
def test_the_paper_the_story_is_about_comes_first(text: str, main: str) -> None:
    citations = find_citations(text)
    assert citations[0].kind == "doi"
    assert citations[0].value == main


def test_identifiers_outrank_bibliographic_mentions() -> None:
    text = "The work, published in Marine Biology Letters, was led by Dr Ana Okafor. PMID: 39000001"
    citations = find_citations(text)
    assert citations[0].kind == "pmid"
    assert citations[-1].kind == "bibliographic"


BIBLIOGRAPHIC_CASES = [
    ("The findings were published in Nature Medicine on Monday.", {"journal": "Nature Medicine"}),
    ("It was published in eLife last month.", {"journal": "eLife"}),
    ("The results appear in the journal Cell Reports.", {"journal": "Cell Reports"}),
    (
        "The trial, led by Professor Maria Lindqvist, appeared in The Lancet Oncology in 2022.",
        {"journal": "The Lancet Oncology", "author": "Maria Lindqvist", "year": "2022"},
    ),
    (
        "Okoro and colleagues reported in JAMA Pediatrics that sleep matters.",
        {"journal": "JAMA Pediatrics", "author": "Okoro"},
    ),
    ("The preprint was posted on medRxiv before review.", {"journal": "medRxiv"}),
    ('A paper titled "Snails remember the tide" came out.', {"title": "Snails remember the tide"}),
    (
        'Journal reference:\n"Moss grows faster near motorways", K. Brandt et al., Plant Letters (2021).',
        {
            "title": "Moss grows faster near motorways",
            "author": "K. Brandt",
            "year": "2021",
            "journal": "Plant Letters",
        },
    ),
    (
        "Reference: T. Ngata et al., Coastal Ecology Reports, 2020.",
        {"author": "T. Ngata", "journal": "Coastal Ecology Reports", "year": "2020"},
    ),
    (  # the author list runs into a date: its last names are not a journal
        "Reference: \u201cSnails remember the tide\u201d by Ana Ruiz, Tomas Berg and Lena Okafor, 3 May 2023, eLife.",
        {"title": "Snails remember the tide"},
    ),
]


def test_bibliographic_span_is_the_name_not_its_surroundings() -> None:
    text = "The findings, published in the Frog Medicine Review on Tuesday, were small."
    [mention] = find_citations(text)
    assert mention.span.text == "Frog Medicine Review"
    assert mention.value == "Frog Medicine Review"


def test_a_year_inside_a_link_is_not_the_publication_year() -> None:
    text = "The trial, reported in The Shell Journal (https://example.org/sj-2019-0042), enrolled 90 snails."
    [mention] = [c for c in find_citations(text) if c.kind == "bibliographic"]
    assert mention.details == {"journal": "Shell Journal"}


@pytest.mark.parametrize(("text", "expected"), BIBLIOGRAPHIC_CASES)
def test_bibliographic_mentions(text: str, expected: dict[str, str]) -> None:
    mentions = [c for c in find_citations(text) if c.kind == "bibliographic"]
    assert mentions, "no bibliographic mention found"
    details = mentions[0].details
    for key, value in expected.items():
        assert details.get(key) == value, (key, details)
    _assert_spans_exact(text, mentions)


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("The project is led by Dr. Amara Osei, a marine biologist.", "Amara Osei"),
        ("The team, led by Prof. R. J. Halvorsen of Tromsø, tested 40 seals.", "R. J. Halvorsen"),
        ("The survey was led by Dr. Fiona McAllister and two nurses.", "Fiona McAllister"),
        ("Okonjo and her colleagues tracked the birds.", "Okonjo"),
        ("The trial, led by Nestor Q. Alvarado, MD, enrolled 80 people.", "Nestor Q. Alvarado"),
    ],
)
def test_authors_survive_titles_and_abbreviations(text: str, author: str) -> None:
    [mention] = find_citations(text)
    assert mention.details["author"] == author


@pytest.mark.parametrize(
    "text",
    [
        "A pilot led by Riverside General Hospital's stroke unit enrolled 30 patients.",
        "A study led by Lakeside University researchers found more.",
        "Scientists in Portugal and colleagues abroad agreed.",
        "The study was led by PhD student Ana Ruiz.",  # 'Ph' must never be read as a surname
    ],
)
def test_institutions_places_and_degrees_are_not_authors(text: str) -> None:
    for mention in find_citations(text):
        assert mention.details.get("author") not in (
            "Ph",
            "Riverside General Hospital's",
            "Lakeside University",
            "Portugal",
        )


@pytest.mark.parametrize(
    ("text", "journal"),
    [
        ("The results were published in the Jan. 12 issue of the Journal of Pond Ecology.", "Journal of Pond Ecology"),
        ("It was published in the Oct. issue of Frog Medicine Review.", "Frog Medicine Review"),
    ],
)
def test_month_abbreviations_are_not_journals(text: str, journal: str) -> None:
    journals = [c.details.get("journal") for c in find_citations(text) if c.kind == "bibliographic"]
    assert journals == [journal]


@pytest.mark.parametrize(
    "text",
    [
        "The report was published in March after a long delay.",
        "It was published in English and Spanish.",
        "The researchers and colleagues went home.",
        "The team said it would publish in 2025.",
    ],
)
def test_no_bibliographic_noise(text: str) -> None:
    assert [c for c in find_citations(text) if c.kind == "bibliographic"] == []


def test_scholarly_link_without_id_is_a_url_citation() -> None:
    text = "Read it at https://www.cell.com/cell/fulltext/S0092-8674(24)00099-1."
    [citation] = find_citations(text)
    assert citation.kind == "url"
    assert citation.details["pii"] == "S0092-8674(24)00099-1"
    assert citation.value.endswith("00099-1")


def test_helpers() -> None:
    assert split_doi_version("10.1101/2024.01.01.570000v12") == ("10.1101/2024.01.01.570000", "12")
    assert split_doi_version("10.1101/gad.123456.120") == ("10.1101/gad.123456.120", "")
    assert normalise_arxiv("arXiv:2301.00001v4") == ("2301.00001", "4")
    assert normalise_arxiv("hep-th/9901001") == ("hep-th/9901001", "")
    assert normalise_doi(" https://dx.doi.org/10.1000/ABC%2Fdef ") == "10.1000/abc/def"


def test_empty_text() -> None:
    assert find_citations("") == []


@pytest.mark.slow  # a megabyte of text, timed
def test_one_megabyte_is_fast() -> None:
    block = (
        "Scientists said the drug, published in Frog Medicine (doi:10.4444/frog.1), may help. "
        "Costs were $12.50 and version 3.2.1 was used; see https://example.org/page?id=5.\n"
    )
    text = block * (1_000_000 // len(block))
    started = time.process_time()  # CPU seconds: what the patterns cost, however busy the machine is
    citations = find_citations(text)
    elapsed = time.process_time() - started
    assert [c.value for c in citations if c.kind == "doi"] == ["10.4444/frog.1"]
    assert elapsed < 10, f"{elapsed:.1f}s for 1 MB"


@pytest.mark.slow  # three megabytes of adversarial text, timed
@pytest.mark.parametrize(
    "text",
    [
        "a.b.c.d.e.f.g.h.i.j." * 50_000,  # one endless dotted token: a host-name pattern must not backtrack
        "Alpha Beta " * 100_000,  # an endless run of capitalised words: names and journals are bounded
        "Dr Alpha Beta and colleagues led by Professor Gamma Delta " * 16_000,
    ],
    ids=["dotted-token", "capitalised-run", "many-names"],
)
def test_pathological_megabytes_stay_linear(text: str) -> None:
    started = time.process_time()  # CPU seconds, as above
    find_citations(text)
    assert time.process_time() - started < 10


_DOI_TEXT = shared_dir() / "data" / "api-fixtures" / "doi_text"


@pytest.mark.skipif(not _DOI_TEXT.is_dir(), reason="shared DOI text samples (../shared/data) are not present")
def test_recorded_real_world_texts() -> None:
    """Shapes from real documents: a book's reference list, a paper with a spaced DOI, a text with none."""

    def read(name: str) -> str:
        return (_DOI_TEXT / name).read_text(encoding="utf-8", errors="replace")

    assert _ids(read("metapub_text_with_no_dois.txt")) == []
    spaced = [v for k, v in _ids(read("metapub_text_with_one_whitespace_doi.txt")) if k == "doi"]
    assert spaced == ["10.1002/pd.354"]
    one = [v for k, v in _ids(read("metapub_text_with_one_doi.txt")) if k == "doi"]
    assert one == ["10.1093/nar/gkq776"]
    many_text = read("metapub_text_with_many_dois.txt")
    many = {v.lower() for k, v in _ids(many_text) if k == "doi"}
    assert len(many) >= 55
    assert "10.1007/s10803-008-0667-2" in many  # broken across two lines in the source
    assert all(not v.endswith((".", ",", ")")) for v in many)


def test_author_names_before_a_date_are_not_read_as_a_journal() -> None:
    text = "Reference: \u201cSnails remember the tide\u201d by Ana Ruiz, Tomas Berg and Lena Okafor, 3 May 2023, eLife."
    journals = [c.details.get("journal", "") for c in find_citations(text) if c.kind == "bibliographic"]
    assert not any("Okafor" in j for j in journals), journals
