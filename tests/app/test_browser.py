"""The page in a real browser: Debian's Chromium driven by Playwright against `make run`'s Streamlit command.

What an editor does, click by click: try the example, look at a flag's evidence, dismiss a flag with a note,
reload and find the decision kept, export every format and open the files. Two browser sessions deciding at
once lose nothing. Screenshots and the measured click-to-review time go to test-artifacts/.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from caveat.desk.actions import demo_inputs

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CAVEAT_REQUIRE_BROWSER"):
        pytest.fail("CAVEAT_REQUIRE_BROWSER is set but Debian's chromium is not installed", pytrace=False)
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it", allow_module_level=True
    )

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402

# One xdist worker runs them all (make test uses --dist loadgroup): one Streamlit server, one Chromium.
# Assertions wait as long as actions do: a page on a busy machine (make test runs other tests beside this one)
# can take more than expect's default 5 s to render.
expect.set_options(timeout=30_000)

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.xdist_group("browser")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser-data")


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "CAVEAT_DATA_DIR": str(data_dir), "CAVEAT_APIS__OFFLINE": "true"}
    cmd = [
        str(Path(sys.executable).parent / "streamlit"),
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
        out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
        pytest.fail(f"streamlit did not start:\n{out[-3000:]}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def _open(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("button", name="Try an example")).to_be_visible()


def _run_example(page: Page) -> float:
    t0 = time.perf_counter()
    page.get_by_role("button", name="Try an example").click()
    expect(page.get_by_text("Flags (", exact=False).first).to_be_visible()
    return time.perf_counter() - t0


def _first_flag_card(page: Page) -> Locator:
    return page.locator("[class*='st-key-flag-']").first


def _open_decide(page: Page, card: Locator) -> Locator:
    """Open a flag's Decide popover and return its body, wholly inside the window.

    The popover floats beside its button, and Playwright cannot scroll a floating element into view: when the
    click's own scrolling left the button at the bottom edge, the popover opened below the window and the next
    click failed with "element is outside of the viewport". So the button goes to the middle of the window first,
    and the test waits until the popover is on screen, instead of hoping."""
    button = card.get_by_role("button", name="Decide")
    button.evaluate("el => el.scrollIntoView({block: 'center'})")
    button.click()
    body = page.locator("[data-testid='stPopoverBody']")
    expect(body).to_be_in_viewport(ratio=1)
    return body


def test_review_decide_reload_export(page: Page, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    _open(page, server)
    seconds = _run_example(page)  # the demo button, timed: what a new user clicks first
    (ARTIFACTS / "page-timing.json").write_text(json.dumps({"demo_click_to_flags_s": round(seconds, 2)}))

    # ...and the same article pasted by hand, with its paper's metadata, as an editor would
    text, paper = demo_inputs()
    _open(page, server)
    page.get_by_label("Article (headline first)").fill(text)
    page.get_by_text("The paper (optional", exact=False).click()
    page.get_by_label("Paper metadata as JSON").fill(paper.model_dump_json())
    page.get_by_role("button", name="Review", exact=True).click()
    expect(page.get_by_text("Flags (", exact=False).first).to_be_visible()
    expect(page.get_by_text("Peer review: preprint")).to_be_visible()
    expect(page.locator("mark.cv-high").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "review-screen.png"), full_page=False)

    card = _first_flag_card(page)
    card_key = next(c for c in (card.get_attribute("class") or "").split() if c.startswith("st-key-flag-"))
    card.get_by_role("button", name="Show evidence").click()
    expect(page.locator("mark.cv-selected").first).to_be_visible()

    dialog = _open_decide(page, page.locator(f".{card_key}"))
    dialog.get_by_text("Dismiss", exact=True).click()
    dialog.get_by_label("Note").fill("Fair in context: the quote is the author's own")
    dialog.get_by_role("button", name="Save decision").click()
    expect(page.locator(f".{card_key}").get_by_text("Dismiss", exact=False).first).to_be_visible()

    page.reload()
    card = page.locator(f".{card_key}")
    expect(card).to_be_visible()
    expect(card.get_by_text("*Dismiss*", exact=False).or_(card.get_by_text("Dismiss")).first).to_be_visible()
    expect(card.get_by_text("Fair in context", exact=False)).to_be_visible()

    texts = {}
    for fmt in ("MD", "HTML", "PDF", "DOCX", "JSON"):
        with page.expect_download() as info:
            page.get_by_role("button", name=fmt, exact=True).click()
        path = ARTIFACTS / f"report.{fmt.lower()}"
        info.value.save_as(path)
        texts[fmt] = _read_export(path)
    for fmt, text in texts.items():
        assert "Fair in context" in text, f"{fmt} export lacks the editor's note"
        assert "animal-to-human" in text, f"{fmt} export lacks the flags"


def _read_export(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    return data.decode("utf-8")


def test_hostile_article_is_escaped_on_the_page_and_in_html_export(page: Page, server: str) -> None:
    _open(page, server)
    hostile = 'Miracle cure <script>window.__pwned=1</script>\n\nA breakthrough <img src=x onerror="window.__pwned=2">.'
    page.get_by_label("Article (headline first)").fill(hostile)
    page.get_by_role("button", name="Review", exact=True).click()
    expect(page.get_by_text("Flags (", exact=False).first).to_be_visible()
    assert page.evaluate("window.__pwned === undefined")
    with page.expect_download() as info:
        page.get_by_role("button", name="HTML", exact=True).click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script")
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert "window.__pwned=1" in soup.get_text()


def test_two_sessions_deciding_at_once_lose_nothing(browser: Browser, server: str, data_dir: Path) -> None:
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    try:
        for pg in pages:
            pg.set_default_timeout(30_000)
            _open(pg, server)
            _run_example(pg)
        notes = ["first tab's note", "second tab's note"]
        keys = []
        for pg, note in zip(pages, notes, strict=True):
            card = _first_flag_card(pg)
            keys.append(next(c for c in (card.get_attribute("class") or "").split() if c.startswith("st-key-flag-")))
            body = _open_decide(pg, card)
            body.get_by_text("Accept", exact=True).click()
            body.get_by_label("Note").fill(note)
        for pg in pages:  # both saves in flight together
            pg.locator("[data-testid='stPopoverBody']").get_by_role("button", name="Save decision").click()
        for pg, key, note in zip(pages, keys, notes, strict=True):
            expect(pg.locator(f".{key}").get_by_text(note)).to_be_visible()  # the save has round-tripped
            pg.reload()
            expect(pg.locator(f".{key}").get_by_text(note)).to_be_visible()
    finally:
        for c in contexts:
            c.close()
    from caveat.desk.store import ReviewStore

    store = ReviewStore(data_dir / "reviews.sqlite3")
    kept = {d.note for row in store.list() for d in (store.get(row.id).flag_decisions.values())}  # type: ignore[union-attr]  # listed ids exist
    assert {"first tab's note", "second tab's note"} <= kept
