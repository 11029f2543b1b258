"""Issue 12 #5 in a real browser: a paper's title, its journal and an article's words are data. Markdown and HTML
in them show literally; no image in them is fetched and no link in them is live.

A local "beacon" server stands for the URL an attacker would choose: the test asserts that the page never asks it
for anything, and that the hostile text is on the page as typed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]


class _Beacon:
    """An HTTP server on 127.0.0.1 that records every path it is asked for."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # quiet: the test reads `hits`
                return

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def beacon() -> Iterator[_Beacon]:
    b = _Beacon()
    yield b
    b.close()


def _hostile_review(data_dir: Path, url: str) -> str:
    """A review whose paper title, journal and article carry Markdown and HTML pointing at `url`; its id."""
    from caveat.core.models import Paper
    from caveat.core.settings import Settings
    from caveat.desk.store import ReviewStore
    from caveat.pipeline import ReviewInput, review

    paper = Paper(
        doi="10.5555/beacon.2026.1",
        title=f"Tea ![x]({url}/title-image) [link]({url}/title-link) <img src={url}/title-html>",
        journal=f"Journal <img src={url}/journal-html>",
        abstract="Twelve mice drank the tea for six weeks; tiredness scores fell by 8% against controls.",
        status="preprint",
    )
    text = (f"Miracle Tea Cures Tiredness ![h]({url}/headline-image)\n\n"
            f"A breakthrough tea cured tiredness in 12 mice, see [the study]({url}/article-link) and "
            f"<img src={url}/article-html>.\n")
    settings = Settings(data_dir=data_dir).offline()
    result = review(ReviewInput(text=text, paper=paper), settings=settings).model_copy(update={"id": "beacon"})
    ReviewStore(settings.reviews_db).save(result)
    return result.id


_LINKS_EVERYWHERE = """() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.href) out.push(String(el.href));
      if (el.src) out.push(String(el.src));
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}"""


def test_markup_in_a_paper_or_an_article_is_never_fetched_nor_live(
    desk_browser: Any, desk_server: str, desk_data_dir: Path, beacon: _Beacon
) -> None:
    from playwright.sync_api import expect

    review_id = _hostile_review(desk_data_dir, beacon.url)
    context = desk_browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{desk_server}/?review={review_id}")
        expect(page.locator(".cv-card").first).to_be_visible(timeout=60_000)
        expect(page.get_by_text(f"[the study]({beacon.url}/article-link)", exact=False).first).to_be_visible()
        page.wait_for_timeout(2_000)  # time for any image the page drew to be fetched (none must be)
        links = [u for u in page.evaluate(_LINKS_EVERYWHERE) if beacon.url in u]
        # The page's own text (outside the margin) carries invisible word joiners that keep bare links dead.
        shown = str(page.evaluate("document.body.innerText")).replace("\u2060", "")
    finally:
        context.close()
    assert beacon.hits == [], f"the page fetched outside URLs from the review's text: {beacon.hits}"
    assert links == [], f"outside URLs became links or images: {links}"
    assert f"![x]({beacon.url}/title-image)" in shown, "the paper's title shows literally"
    assert f"<img src={beacon.url}/journal-html>" in shown, "the journal shows literally"
