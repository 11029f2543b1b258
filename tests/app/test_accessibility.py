"""axe-core, from the npm registry (package-lock.json, installed by `.ci/run` with `npm ci`), injected by the
browser test into the review page and the HTML report at a desk's width (1440 px) and a phone's (390 px).
Every violation is listed in the failure message; the counts are printed and saved to test-artifacts/."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import ARTIFACTS, MEASURED, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.server]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1440, 390)
RESULTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        if os.environ.get("CAVEAT_REQUIRE_BROWSER"):
            pytest.fail("axe-core is not installed: run `npm ci` (as .ci/run does)", pytrace=False)
        pytest.skip("axe-core is not installed: run `npm ci`")
    return AXE


def _violations(page: Any, script: Path, must_reach: str = "") -> list[dict[str, Any]]:
    """axe's violations; with `must_reach`, also check axe looked inside it (the margin is in a shadow root)."""
    page.add_script_tag(path=str(script))
    result = page.evaluate("async () => { const r = await axe.run(document); return {violations: r.violations, "
                           "contrast: (r.passes.find(p => p.id === 'color-contrast') || {nodes: []}).nodes"
                           ".map(n => JSON.stringify(n.target))}; }")
    if must_reach:
        reached = [t for t in result["contrast"] if must_reach in t]
        assert reached, f"axe did not look inside {must_reach}: {result['contrast'][-5:]}"
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def _record(name: str, violations: list[dict[str, Any]]) -> None:
    RESULTS[name] = sum(len(v["nodes"]) for v in violations)
    MEASURED["axe-core violations"][name] = RESULTS[name]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-results.json").write_text(json.dumps(RESULTS, indent=2))
    print(f"axe {name}: {len(violations)} rules violated")


@pytest.mark.parametrize("width", WIDTHS)
def test_review_page_has_no_axe_violations(desk_browser: Any, desk_server: str, axe_script: Path,
                                           width: int) -> None:
    from playwright.sync_api import expect

    # bypass_csp: the report forbids every script (on purpose); axe is let in by the browser, not by the report
    context = desk_browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True,
                                       bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(desk_server)
        page.get_by_role("button", name="Try an example").click()
        expect(page.locator(".cv-card").first).to_be_visible(timeout=30_000)
        page.get_by_text("The paper's abstract").first.click()  # checked open, with a flag's evidence marked
        page.locator(".cv-card").first.click()
        page.wait_for_timeout(500)
        violations = _violations(page, axe_script, must_reach="stBidiComponentIsolated")
        _record(f"review page {width}px", violations)
        assert violations == [], json.dumps(violations, indent=1)
        with page.expect_download() as info:
            page.get_by_role("button", name="HTML", exact=True).click()
        ARTIFACTS.mkdir(exist_ok=True)
        report = ARTIFACTS / f"axe-report-{width}.html"  # with its extension, so Chromium reads it as HTML
        info.value.save_as(report)
        page.goto(report.as_uri())
        violations = _violations(page, axe_script)
        _record(f"HTML report {width}px", violations)
        assert violations == [], json.dumps(violations, indent=1)
    finally:
        context.close()
