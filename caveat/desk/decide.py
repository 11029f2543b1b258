"""One click from the margin turned into a saved decision, and undone again.

Why here and not in the page: the rule for undo (go back to what the flag was before the last click, which may be
an earlier decision with its note, not just 'open') is logic worth testing without a browser. The undo history is
the caller's (the page keeps it per browser session); the store keeps every decision the moment it is made.
"""

from __future__ import annotations

from typing import Any

from caveat.core.errors import CaveatError
from caveat.core.models import Decision, DecisionStatus
from caveat.desk.store import ReviewStore, now

KINDS = ("accepted", "dismissed", "undo")
UndoStack = dict[str, list[Decision]]
"""flag id -> the decisions it had before each click, latest last."""


def apply_action(store: ReviewStore, review_id: str, action: dict[str, Any], undo: UndoStack) -> Decision:
    """Save what the editor clicked: accept or dismiss (with the optional note), or undo the last click."""
    kind = str(action.get("kind", ""))
    flag_id = str(action.get("flag", ""))
    if kind not in KINDS:
        raise CaveatError(f"Unknown action {kind!r} on the review.")
    review = store.get(review_id)
    if review is None:
        raise CaveatError("This review is no longer saved (deleted in another window?).")
    before = review.flag_decisions.get(flag_id, Decision())
    if kind == "undo":
        history = undo.get(flag_id) or []
        previous = history.pop() if history else Decision()
        decision = previous.model_copy(update={"at": now()})
    else:
        note = str(action.get("note") or "").strip()
        status: DecisionStatus = "accepted" if kind == "accepted" else "dismissed"  # the two kinds left
        decision = Decision(status=status, note=note or before.note, at=now())
        undo.setdefault(flag_id, []).append(before)
    store.set_flag_decision(review_id, flag_id, decision)
    return decision
