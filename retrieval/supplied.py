"""A paper the editor supplies as JSON (the fields of a Paper; any may be missing).

Editors get metadata from a press office or copy it from a journal page, so the reader is forgiving about shape
(a year instead of a date, authors as one string, a number as a string) and strict about meaning (an unknown
peer-review status is an error, not a silent "unknown") and about type: an abstract given as a list is an error
naming the field, never the text "['a', 'b']" compared with the story.

Paper JSON comes from strangers on a shared page, so it is bounded before it is parsed: its size
(`limits.PAPER_JSON_BYTES`), its nesting (`limits.JSON_DEPTH`, checked on the text, since the parser itself
recurses), and its abstract (`limits.ABSTRACT_CHARS`, the same bound as a pasted abstract). The steps are
separate functions (`parse_paper_json`, `check_paper_fields`, `check_abstract`) so that other shapes of paper
record can be read beside them and share the same checks. A record saved from eLife's API is accepted as it is
(retrieval/clients/elife.py reads it, assessments included): it is bounded the same way, but its fields are
eLife's shape, so the type checks of the editor's own fields do not apply to it.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args

from pydantic import ValidationError

from caveat.core import limits
from caveat.core.errors import InputError
from caveat.core.models import Paper, PeerReview
from retrieval.clients.elife import paper_from_elife_json

__all__ = [
    "check_abstract",
    "check_json_depth",
    "check_paper_fields",
    "check_paper_object",
    "paper_from_dict",
    "paper_from_json",
    "parse_paper_json",
]

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
_TEXT_FIELDS = (
    "doi", "concept_doi", "version_of_record_doi", "title", "journal", "abstract", "status", "preprint_of",
    "published_as", "competing_interests", "license", "fetched_at", "notes",
)  # fmt: skip
_ID_FIELDS = ("pmid", "pmcid", "arxiv_id", "published", "year")
"""Text fields a number may stand for (a PubMed id, a year): the number is read as its digits."""
_STRIPPED = ("doi", "pmid", "pmcid", "published", "journal", "title", "abstract")


def check_abstract(text: str, where: str = "The abstract") -> str:
    """Refuse an abstract longer than `limits.ABSTRACT_CHARS`, however it arrived (pasted, a file, paper JSON)."""
    if len(text) > limits.ABSTRACT_CHARS:
        raise InputError(
            f"{where} is {len(text):,} characters long; the limit is {limits.ABSTRACT_CHARS:,}: "
            "give the abstract alone, not the paper"
        )
    return text


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def check_json_depth(text: str, what: str = "The paper JSON") -> None:
    """Refuse JSON nested deeper than `limits.JSON_DEPTH`, reading the text once and recursing nowhere.

    Python's parser recurses per level, so a deep document is checked before it is parsed.
    """
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > limits.JSON_DEPTH:
                raise InputError(f"{what} is nested more than {limits.JSON_DEPTH} levels deep: give a flat object")
        elif mark in "]}":
            depth -= 1


def _value_depth(value: Any) -> int:
    """How deep a parsed value nests (a dict given directly, e.g. a batch row's `paper`), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= limits.JSON_DEPTH:
                stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse_paper_json(text: str | bytes) -> Any:
    """The parsed paper JSON, after its size and nesting are checked; an invalid document says where it broke."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", errors="replace"))
    if size > limits.PAPER_JSON_BYTES:
        raise InputError(
            f"The paper JSON is {size / limits.MB:.1f} MB; the limit is {limits.PAPER_JSON_BYTES / limits.MB:g} MB: "
            "give the paper's fields, not its full text"
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("The paper JSON is not UTF-8 text.") from exc
    check_json_depth(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The paper JSON is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc


def _kind(value: Any) -> str:
    names = {
        str: "text", int: "a number", float: "a decimal number", bool: "true/false", list: "a list", dict: "an object"
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _wrong(name: str, expected: str, value: Any) -> InputError:
    return InputError(f"Paper field '{name}' must be {expected}, not {_kind(value)}.")


def _check_list(name: str, value: Any) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list):
        raise _wrong(name, "a list or a string", value)
    for item in value:
        if isinstance(item, dict) and name == "authors":
            parts = [item.get(k) for k in ("name", "given", "family") if item.get(k) is not None]
            if all(isinstance(p, str) for p in parts):
                continue
        if not isinstance(item, str):
            raise InputError(f"Paper field '{name}' must be a list of strings; it holds {_kind(item)}.")


def check_paper_object(data: Any) -> dict[str, Any]:
    """Paper JSON must be an object, nested no deeper than `limits.JSON_DEPTH` (also when given already parsed)."""
    if not isinstance(data, dict):
        raise InputError("The paper JSON must be an object with fields such as doi, title, abstract.")
    if _value_depth(data) > limits.JSON_DEPTH:
        raise InputError(f"The paper JSON is nested more than {limits.JSON_DEPTH} levels deep: give a flat object")
    return data


def check_paper_fields(data: Any) -> dict[str, Any]:
    """The fields of a paper object, each of the type it must have; a wrong type is an InputError naming it.

    Strict where a silent conversion would mislead (a list, an object or true/false where text belongs), forgiving
    where the meaning is plain (a year or a PubMed id given as a number).
    """
    check_paper_object(data)
    for name, value in data.items():
        if value is None:
            continue
        if name in _TEXT_FIELDS and not isinstance(value, str):
            raise _wrong(name, "text", value)
        if name in _ID_FIELDS and (isinstance(value, bool) or not isinstance(value, str | int)):
            raise _wrong(name, "text or a whole number", value)
        if name in _LIST_FIELDS:
            _check_list(name, value)
    sources = data.get("sources")
    if sources is not None and (
        not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values())
    ):
        raise _wrong("sources", "an object of field names to where each came from", sources)
    if isinstance(data.get("abstract"), str):
        check_abstract(data["abstract"], "The paper's abstract")
    return data


def _as_list(value: Any, name: str) -> list[str]:
    """Authors, funders or publication types as a list: a string is split at ';' (authors also at ',')."""
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else value.split(",") if name == "authors" else [value]
        return [p.strip() for p in parts if p.strip()]
    out = []
    for item in value:
        if isinstance(item, dict):  # {"given": ..., "family": ...} or {"name": ...}
            item = item.get("name") or " ".join(str(item.get(k) or "") for k in ("given", "family")).strip()
        out.append(item.strip())
    return [o for o in out if o]


def paper_from_dict(data: dict[str, Any]) -> Paper:
    """Build a Paper from editor-supplied fields, marking each as the editor's."""
    check_paper_object(data)
    elife = paper_from_elife_json(data)  # a record saved from eLife's API, as served: read as eLife's shape
    if elife is not None:
        check_abstract(elife.abstract, "The eLife record's abstract")
        return elife
    check_paper_fields(data)
    known = set(Paper.model_fields)
    fields: dict[str, Any] = {k: v for k, v in data.items() if k in known and v not in (None, "")}
    if "published" not in fields and data.get("year") not in (None, ""):
        fields["published"] = str(data["year"])
    for name in _LIST_FIELDS:
        if name in fields:
            fields[name] = _as_list(fields[name], name)
    if "status" in fields:
        status = fields["status"].strip().lower()
        status = _STATUS_ALIASES.get(status, status)
        if status not in _STATUSES:
            raise InputError(f"Unknown paper status '{fields['status']}'; use one of: {', '.join(_STATUSES)}.")
        fields["status"] = status
    for name in _STRIPPED:
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


def paper_from_json(text: str | bytes) -> Paper:
    """Parse a paper JSON document; an invalid document is an InputError that says where it broke."""
    return paper_from_dict(parse_paper_json(text))
