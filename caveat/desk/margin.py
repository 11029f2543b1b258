"""The margin component: the article with its flags beside their words (Streamlit custom component, v2 API).

Shipped as three static files in caveat/desk/component (HTML is one empty root; CSS and JS are read from the
package at import), so nothing is built and nothing is fetched at run time. The component runs in the page's own
DOM (a shadow root for its styles), which lets the browser tests and axe-core see it like any other element.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

import streamlit as st

_FILES = resources.files("caveat.desk") / "component"
_MOUNT = st.components.v2.component(
    "caveat_margin",
    html="",
    css=(_FILES / "desk.css").read_text(encoding="utf-8"),
    js=(_FILES / "desk.js").read_text(encoding="utf-8"),
)


def margin(data: dict[str, Any], key: str, on_action: Callable[[], None]) -> Any:
    """Mount the margin for one review; `on_action` runs (before the page) when the editor decides or undoes."""
    return _MOUNT(key=key, data=data, on_action_change=on_action, height="content")


def action_of(key: str) -> dict[str, Any] | None:
    """The action the component just sent, read in the callback (trigger values last one run)."""
    state = st.session_state.get(key)
    if state is None:
        return None
    value = state.get("action") if hasattr(state, "get") else getattr(state, "action", None)
    return value if isinstance(value, dict) else None
