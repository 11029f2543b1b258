"""What the page does that is not drawing: turning its inputs into a review, the demo, the user's settings.

Kept out of app.py so that the page stays a thin door onto the pipeline and so that this logic is tested
without a browser. Nothing here imports Streamlit.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from caveat.core.errors import InputError
from caveat.core.models import Paper, Review
from caveat.core.settings import Settings
from caveat.pipeline import Progress, ReviewInput, review
from retrieval.supplied import paper_from_json

USER_SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Upload:
    """A file from the page's uploader, reduced to what the pipeline needs."""

    name: str
    data: bytes


def demo_inputs() -> tuple[str, Paper]:
    """The demo article and its paper: the project's own invented case, so a review works offline."""
    folder = resources.files("caveat") / "demo"
    text = (folder / "article.txt").read_text(encoding="utf-8")
    paper = paper_from_json((folder / "paper.json").read_text(encoding="utf-8"))
    return text, paper


def page_review(
    *,
    text: str,
    article_upload: Upload | None = None,
    doi: str = "",
    abstract: str = "",
    paper_json: str = "",
    paper_pdf: Upload | None = None,
    settings: Settings,
    library: object | None = None,
    progress: Progress | None = None,
) -> Review:
    """Review what the page was given. An uploaded article wins over pasted text; a pasted abstract wins over
    the abstract of an uploaded paper, which wins over nothing."""
    from caveat.reading.documents import read_article_bytes
    from retrieval.paper_pdf import read_paper_pdf

    source = "pasted"
    if article_upload is not None:
        text = read_article_bytes(article_upload.data, article_upload.name)
        source = article_upload.name
    paper: Paper | None = paper_from_json(paper_json) if paper_json.strip() else None
    if paper_pdf is not None:
        from_pdf = read_paper_pdf(paper_pdf.data)
        paper = merge_supplied(paper, from_pdf)
    return review(
        ReviewInput(text=text, source=source, paper=paper, abstract=abstract or None, doi=doi or None),
        settings=settings,
        library=library,
        progress=progress,
    )


def merge_supplied(first: Paper | None, second: Paper) -> Paper:
    """Fields of `first` (typed by the editor) win; `second` (read from a PDF) fills the gaps."""
    if first is None:
        return second
    filled = {k: v for k, v in second.model_dump().items() if v and not getattr(first, k)}
    sources = {**second.sources, **first.sources}
    return first.model_copy(update={**filled, "sources": sources})


def demo_review(settings: Settings, progress: Progress | None = None) -> Review:
    """The demo runs offline whatever the settings say: it must show a full review on a machine with no network."""
    text, paper = demo_inputs()
    return review(ReviewInput(text=text, source="demo", paper=paper), settings=settings.offline(), progress=progress)


# --- the user's saved settings --------------------------------------------------------------------------


def load_user_settings(data_dir: Path) -> dict[str, Any]:
    path = data_dir / USER_SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def save_user_settings(data_dir: Path, values: dict[str, Any]) -> None:
    """Written atomically and readable by the user alone: it may hold an API key."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / USER_SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(values, fh, indent=2)
    os.replace(tmp, path)


def effective_settings(base: Settings, saved: dict[str, Any]) -> Settings:
    """The environment's settings with the user's saved page settings on top (only known sections)."""
    updates: dict[str, Any] = {}
    for section in ("apis", "llm", "library"):
        values = saved.get(section)
        if isinstance(values, dict) and values:
            current = getattr(base, section)
            merged = {**current.model_dump(), **{k: v for k, v in values.items() if k in type(current).model_fields}}
            try:
                updates[section] = type(current).model_validate(merged)
            except ValueError as exc:
                raise InputError(f"Saved {section} settings are invalid: {exc}") from exc
    return base.model_copy(update=updates) if updates else base


def mask_key(key: str | None) -> str:
    """Show a key back as its last four characters only."""
    if not key:
        return ""
    return "…" + key[-4:] if len(key) > 8 else "…"
