"""Evidence for a peer-review status, shared by the preprint and retracted checks."""

from __future__ import annotations

from caveat.analysis.spans import metadata_evidence
from caveat.core.models import Evidence
from caveat.rules.context import CheckContext


def status_evidence(ctx: CheckContext, status: str, note: str) -> Evidence:
    """The notice itself when the profile read the status from one (a retraction, a correction), else the status field,
    or the publication type that the profile read the status from when the field is unknown."""
    read = ctx.profile.peer_review_evidence
    if read is not None and read.field == "updates" and ctx.profile.peer_review == status:
        return read
    if ctx.paper is not None and ctx.paper.status != status and read is not None:
        return read
    return metadata_evidence("status", status, note)
