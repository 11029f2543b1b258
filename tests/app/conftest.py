"""Browser-test plumbing shared by the page's browser tests: `make run`'s Streamlit command, Debian's Chromium.

Fixtures here are used by test_desk_browser.py (and by any later browser test file); test_browser.py keeps its
own copies. A missing Chromium skips (or, under CAVEAT_REQUIRE_BROWSER, fails) only the tests that ask for it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CAVEAT_REQUIRE_BROWSER"):
            pytest.fail("CAVEAT_REQUIRE_BROWSER is set but Debian's chromium is not installed", pytrace=False)
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def desk_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("desk-browser-data")


@pytest.fixture(scope="module")
def desk_server(desk_data_dir: Path) -> Iterator[str]:
    """The page as `make run` starts it, offline, on a free port, with its own saved reviews."""
    need_chromium()
    port = _free_port()
    env = {**os.environ, "CAVEAT_DATA_DIR": str(desk_data_dir), "CAVEAT_APIS__OFFLINE": "true"}
    cmd = [str(Path(sys.executable).parent / "streamlit"), "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log_path = desk_data_dir / "streamlit.log"  # a file, not a pipe nobody reads: a full pipe would stall the server
    log = log_path.open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.close()
        pytest.fail(f"streamlit did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    tail = log_path.read_text(errors="replace")[-2000:]
    if "Traceback" in tail:
        print(f"streamlit log tail:\n{tail}")


@pytest.fixture(scope="module")
def desk_browser() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Timings:
    """Interaction times measured in the browser: printed and saved, never asserted as limits."""

    def __init__(self) -> None:
        self.rows: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        self.rows[name] = round(seconds, 3)
        print(f"timing {name}: {seconds:.3f} s")


MEASURED: dict[str, dict[str, float]] = {"interaction timings (s)": {}, "axe-core violations": {}}
"""What the browser tests measured, printed at the end of every run (pytest shows no print of a passing test)."""


@pytest.fixture(scope="session")
def timings() -> Iterator[Timings]:
    import json

    t = Timings()
    yield t
    if t.rows:
        MEASURED["interaction timings (s)"].update(t.rows)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "desk-timings.json").write_text(json.dumps(t.rows, indent=2))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for title, rows in MEASURED.items():
        if rows:
            terminalreporter.write_sep("-", title)
            for name, value in rows.items():
                terminalreporter.write_line(f"{name}: {value}")
