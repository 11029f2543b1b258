"""The clients' shared JSON reader: whatever a source sends back, a review gets a SourceError, never a crash."""

from __future__ import annotations

import pytest

from retrieval.clients.base import load_json
from retrieval.http import SourceError


@pytest.mark.parametrize("body", ['{"message": {"DOI": "10.5555/x"', "<html>502 Bad Gateway</html>"])
def test_broken_json_is_invalid(body: str) -> None:
    with pytest.raises(SourceError, match="not valid JSON") as caught:
        load_json("crossref", body)
    assert caught.value.kind == "invalid"


def test_a_body_that_is_not_text_is_invalid_not_an_attribute_error() -> None:
    with pytest.raises(SourceError, match="not valid JSON") as caught:
        load_json("crossref", None)  # type: ignore[arg-type]  # deliberately not text
    assert caught.value.kind == "invalid"


def test_good_json_is_read() -> None:
    assert load_json("crossref", '{"status": "ok"}') == {"status": "ok"}
