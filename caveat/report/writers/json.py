"""The JSON report: the Review itself, so the export is also a record that loads back unchanged.

Any other shape would be a second schema to keep in step with the models; this one round-trips through
`Review.model_validate_json` by construction.
"""

from __future__ import annotations

from caveat.core.models import Review
from caveat.core.text import escape_bidi_json


def render_json(review: Review) -> bytes:
    """The review as JSON, bidi controls written as ``\\u202e`` escapes: the data (and every offset into the
    article) is unchanged when loaded, but no viewer of the file is reordered by them."""
    return escape_bidi_json(review.model_dump_json(indent=2)).encode("utf-8")
