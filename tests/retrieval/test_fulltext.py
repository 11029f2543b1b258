"""Which papers are open to read, which parts a review read, and the bioRxiv details' JATS link (no server)."""

from __future__ import annotations

import json

from caveat.core.models import Paper, PaperSection
from retrieval.clients.fulltext import jats_url
from retrieval.fulltext import open_access, parts_read

ARTICLE = "10.5555/fict.2031.0042"
PREPRINT = "10.1101/2030.11.05.500001"


def test_jats_link_is_the_latest_versions() -> None:
    body = json.dumps(
        {"collection": [{"version": "2", "jatsxml": "https://b/2"}, {"version": "1", "jatsxml": "https://b/1"}]}
    )
    assert jats_url(body) == "https://b/2"
    assert jats_url('{"collection": []}') is None


def test_open_access_reasons() -> None:
    assert open_access(Paper(doi=PREPRINT)) == (
        "biorxiv",
        "a bioRxiv/medRxiv preprint, whose full text the server posts publicly",
    )
    assert open_access(Paper(doi="10.1101/gr.123456.111")) is None  # Genome Research, not a preprint
    cc = Paper(doi=ARTICLE, license="cc by", sources={"license": "europepmc"})
    assert open_access(Paper(doi=ARTICLE, license="https://www.elsevier.com/tdm"), [cc]) == (
        "europepmc",
        "open licence cc by",
    )
    assert open_access(Paper(doi=ARTICLE, license="cc-by-nc-nd")) is not None
    assert open_access(Paper(doi=ARTICLE)) is None


def test_parts_read() -> None:
    assert parts_read(None) == []
    assert parts_read(Paper(title="Otters")) == ["metadata"]
    sections = [
        PaperSection(kind="funding", text="Paid."),
        PaperSection(kind="methods", text="Ten otters."),
        PaperSection(kind="other", text="Thanks."),
    ]
    paper = Paper(title="Otters", abstract="Otters remember.", full_text=sections)
    assert parts_read(paper) == [
        "metadata", "abstract", "full text (3 sections: Funding; Methods; Other)"
    ]
