"""A paper the editor supplies as JSON (the fields of a Paper; any may be missing).

Editors get metadata from a press office or copy it from a journal page, so the reader is forgiving about shape
(a year instead of a date, authors as one string, a number as a string) and strict about meaning (an unknown
peer-review status is an error, not a silent "unknown"). A record saved from eLife's API is also accepted as it is
(retrieval/clients/elife.py reads it, assessments included).
"""

from __future__ import annotations

import json
from typing import Any, get_args

from pydantic import ValidationError

from caveat.core.errors import InputError
from caveat.core.models import Paper, PeerReview
from retrieval.clients.elife import paper_from_elife_json

_STATUSES: tuple[str, ...] = get_args(PeerReview)
_STATUS_ALIASES = {
    "published": "peer-reviewed",
    "peer reviewed": "peer-reviewed",
    "journal-article": "peer-reviewed",
    "reviewed preprint": "reviewed-preprint",
    "not peer reviewed": "preprint",
    "retraction": "retracted",
}
_LIST_FIELDS = ("authors", "publication_types", "funding")


def _as_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else value.split(",") if name == "authors" else [value]
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict):  # {"given": ..., "family": ...} or {"name": ...}
                item = item.get("name") or " ".join(str(item.get(k, "")) for k in ("given", "family")).strip()
            out.append(str(item).strip())
        return [o for o in out if o]
    raise InputError(f"Paper field '{name}' must be a list or a string, not {type(value).__name__}.")


def paper_from_dict(data: dict[str, Any]) -> Paper:
    """Build a Paper from editor-supplied fields, marking each as the editor's."""
    if not isinstance(data, dict):
        raise InputError("The paper JSON must be an object with fields such as doi, title, abstract.")
    elife = paper_from_elife_json(data)  # a record saved from eLife's API, as served: read as eLife's shape
    if elife is not None:
        return elife
    known = set(Paper.model_fields)
    fields: dict[str, Any] = {k: v for k, v in data.items() if k in known and v not in (None, "")}
    if "published" not in fields and data.get("year") not in (None, ""):
        fields["published"] = str(data["year"])
    for name in _LIST_FIELDS:
        if name in fields:
            fields[name] = _as_list(fields[name], name)
    if "status" in fields:
        status = str(fields["status"]).strip().lower()
        status = _STATUS_ALIASES.get(status, status)
        if status not in _STATUSES:
            raise InputError(f"Unknown paper status '{fields['status']}'; use one of: {', '.join(_STATUSES)}.")
        fields["status"] = status
    for name in ("doi", "pmid", "pmcid", "published", "journal", "title", "abstract"):
        if name in fields:
            fields[name] = str(fields[name]).strip()
    given = [k for k in fields if k not in ("sources", "fetched_at")]
    fields["sources"] = {**{k: "editor" for k in given}, **(fields.get("sources") or {})}
    try:
        return Paper(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"Paper field '{where}': {first['msg']}.") from exc


def paper_from_json(text: str) -> Paper:
    """Parse a paper JSON document; an invalid document is an InputError that says where it broke."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The paper JSON is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    return paper_from_dict(data)
