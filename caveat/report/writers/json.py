"""The JSON report: the Review itself, so the export is also a record that loads back unchanged.

Any other shape would be a second schema to keep in step with the models; this one round-trips through
`Review.model_validate_json` by construction.
"""

from __future__ import annotations

from caveat.core.models import Review


def render_json(review: Review) -> bytes:
    return review.model_dump_json(indent=2).encode("utf-8")
