"""Suite-wide isolation and the marks that make the fast loop honest.

Isolation: every test run (every xdist worker) gets its own data folder, so no test reads or writes the user's
reviews, library or settings, and Chroma never phones home.

Marks: `make test-fast` deselects `server`, `browser`, `subprocess` and `slow`. A test that uses one of the
server or browser fixtures below is marked automatically; any other test that starts a process or opens a listening
socket must carry a mark itself, and the guard here fails it if it does not, so the fast loop can never quietly
start a server again.
"""

from __future__ import annotations

import functools
import multiprocessing.process
import os
import socket
import subprocess
import tempfile
from collections.abc import Callable, Generator
from typing import Any

import pytest

_DATA_DIR = tempfile.mkdtemp(prefix="caveat-tests-")

HEAVY_MARKS = ("server", "browser", "subprocess", "slow")

# Fixtures that start something, and the mark each one gives every test that uses it (directly or through another
# fixture): the scholarly-API replay server and the Streamlit page are both called `server`.
FIXTURE_MARKS = {
    "server": "server",  # tests/retrieval: ReplayServer; tests/app/test_browser.py: `streamlit run`
    "stub": "server",  # tests/llm: the scripted language-model server
    "stub_process": "server",  # the same stub started as its own process
    "chroma_server": "server",  # `chroma run`
    "browser": "browser",  # Playwright's Chromium
    "page": "browser",
}

_current: pytest.Item | None = None


class UnmarkedHeavyTest(Exception):
    """A test started a process or a server without a mark that keeps it out of `make test-fast`."""


def pytest_configure(config: pytest.Config) -> None:
    os.environ["CAVEAT_DATA_DIR"] = _DATA_DIR
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    for name in list(os.environ):
        if name.startswith("CAVEAT_LLM__") or name.startswith("OPENAI_"):
            del os.environ[name]
    _install_guard()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for name in getattr(item, "fixturenames", ()):
            if name in FIXTURE_MARKS:
                item.add_marker(FIXTURE_MARKS[name])


def _check_heavy(what: str) -> None:
    """Fail the running test if it starts `what` without a mark that keeps it out of the fast loop."""
    item = _current
    if item is None or any(item.get_closest_marker(mark) for mark in HEAVY_MARKS):
        return
    raise UnmarkedHeavyTest(
        f"{item.nodeid} starts {what} but has none of the marks {', '.join(HEAVY_MARKS)}: "
        "mark it (pytestmark or @pytest.mark.<mark>) so `make test-fast` leaves it out, see tests/conftest.py"
    )


def _guarded(original: Callable[..., Any], what: str) -> Callable[..., Any]:
    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_heavy(what)
        return original(*args, **kwargs)

    return wrapper


# The three ways a test can start something: a child process, a forked Python process, a listening socket (every
# local HTTP server, the replay and language-model stubs included, ends in socket.listen).
_GUARDED = (
    (subprocess.Popen, "__init__", "a subprocess"),
    (multiprocessing.process.BaseProcess, "start", "a child process"),
    (socket.socket, "listen", "a listening server"),
)


def _install_guard() -> None:
    for owner, name, what in _GUARDED:
        setattr(owner, name, _guarded(getattr(owner, name), what))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    global _current
    _current = item
    try:
        return (yield)
    finally:
        _current = None
