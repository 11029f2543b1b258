"""Evidence for a peer-review status, shared by the preprint and retracted checks."""

from __future__ import annotations

from caveat.analysis.spans import metadata_evidence
from caveat.core.models import Evidence
from caveat.rules.context import CheckContext


def status_evidence(ctx: CheckContext, status: str, note: str) -> Evidence:
    """The status field, or the publication type that the profile read the status from when the field is unknown."""
    if ctx.paper is not None and ctx.paper.status != status and ctx.profile.peer_review_evidence is not None:
        return ctx.profile.peer_review_evidence
    return metadata_evidence("status", status, note)
