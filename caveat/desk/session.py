"""The page's settings: the server's (from `CAVEAT_*`), with what one browser session typed on top.

Why per session: the page is shared. Settings typed in the sidebar used to go to one file per data folder, so the
next visitor inherited them, and a visitor who changed only the base URL had the first one's model key sent to a
server of their choosing. Now what is typed belongs to the browser session that typed it (Streamlit's session
state; a reload starts afresh), and a model key is bound to the base URL it was given with: the server's key
(`CAVEAT_LLM__API_KEY`) goes only to the server's base URL, a key typed on the page only to the URL typed with it.

Why a fallback: an invalid `CAVEAT_*` value must not turn the page into a traceback. The page then runs with the
defaults, offline and without a model (nothing is sent anywhere on settings nobody meant), and says what is wrong
in one line. Nothing here imports Streamlit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from caveat.core.errors import InputError
from caveat.core.settings import (
    ApiSettings,
    LibrarySettings,
    LlmSettings,
    Settings,
    default_data_dir,
    load_settings,
)
from caveat.desk.safe import describe

SECTIONS = ("apis", "llm", "library")
KEY_URL = "key_base_url"
"""In a session's `llm` section: the base URL the session's key was typed with (the only one it is sent to)."""


def server_settings() -> tuple[Settings, str]:
    """The settings from the environment, or safe defaults and one line saying which variable is wrong."""
    try:
        return load_settings(), ""
    except InputError as exc:  # load_settings names the variable and the problem in one line
        problem = describe(exc)
    data_dir = os.environ.get("CAVEAT_DATA_DIR", "").strip()
    fallback = Settings.model_construct(
        data_dir=Path(data_dir) if data_dir else default_data_dir(),
        apis=ApiSettings(offline=True), library=LibrarySettings(), llm=LlmSettings(),
    )
    return fallback, (f"The server's settings are invalid ({problem}); the page runs offline with the default "
                      "settings until the variable is fixed.")


def _same_url(a: str | None, b: str | None) -> bool:
    return (a or "").strip().rstrip("/") == (b or "").strip().rstrip("/")


def bound_key(server: LlmSettings, typed: dict[str, Any], base_url: str | None) -> SecretStr | None:
    """The key to send to `base_url`: the session's own when typed with that URL, else the server's when the URL is
    the server's, else none (the model then says it has no key, rather than handing one to another server)."""
    if typed.get("api_key"):
        return SecretStr(str(typed["api_key"])) if _same_url(typed.get(KEY_URL), base_url) else None
    return server.api_key if _same_url(server.base_url, base_url) else None


def effective_settings(base: Settings, page: dict[str, Any]) -> Settings:
    """`base` with the session's page settings on top (known fields only), the model key bound to its base URL."""
    updates: dict[str, Any] = {}
    for section in SECTIONS:
        values = page.get(section)
        current = getattr(base, section)
        if not isinstance(values, dict) or not values:
            continue
        known = {k: v for k, v in values.items() if k in type(current).model_fields and k != "api_key"}
        try:
            updates[section] = type(current).model_validate({**current.model_dump(), **known})
        except ValueError as exc:
            raise InputError(f"The page's {section} settings are invalid: {describe(exc)}") from exc
    llm: LlmSettings = updates.get("llm", base.llm)
    typed = page.get("llm") if isinstance(page.get("llm"), dict) else {}
    updates["llm"] = llm.model_copy(update={"api_key": bound_key(base.llm, typed or {}, llm.base_url)})
    return base.model_copy(update=updates)


def save_form(base: Settings, before: dict[str, Any], form: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The session's new page settings from the sidebar form, and one line to show when a key was not carried over.

    `form` holds the sections as typed; its `llm.api_key` is empty when the editor typed no new key. A key typed
    earlier in this session is kept only while the base URL stays the one it was typed with.
    """
    saved = {section: dict(values) for section, values in form.items()}
    llm = saved.setdefault("llm", {})
    url = llm.get("base_url")
    typed_key = str(llm.pop("api_key", "") or "")
    old = before.get("llm") if isinstance(before.get("llm"), dict) else {}
    notice = ""
    if typed_key:
        llm.update({"api_key": typed_key, KEY_URL: url})
    elif old and old.get("api_key") and _same_url(old.get(KEY_URL), url):
        llm.update({"api_key": old["api_key"], KEY_URL: url})
    elif old and old.get("api_key"):
        notice = "The model key you typed was for another base URL, so it is not sent to this one: type the key again."
    elif base.llm.api_key is not None and not _same_url(base.llm.base_url, url):
        notice = "The server's model key is sent only to the server's own base URL: type a key for this one."
    return saved, notice


def mask_key(key: str | None) -> str:
    """Show a key back as its last four characters only."""
    if not key:
        return ""
    return "…" + key[-4:] if len(key) > 8 else "…"
