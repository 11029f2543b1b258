"""`caveat check` on an article that only gives a DOI: the paper comes from the sources (a real local HTTP server
in the APIs' shapes), goes into the library, and a second run with --offline reviews it from the library alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.retrieval.replay_server import replay

pytestmark = [pytest.mark.subprocess, pytest.mark.server]

DOI = "10.5555/fict.2031.0042"
ARTICLE = f"""Walnuts Sharpen Memory in Older Adults

Eating a handful of walnuts every day improves memory, a new study shows.

The trial followed older adults who snacked on walnuts or on crackers.

DOI: {DOI}
"""


def _check(article: Path, env: dict[str, str], *extra: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "caveat.cli", "check", str(article), "--format", "json", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_doi_only_article_is_found_online_then_reviewed_offline_from_the_library(tmp_path: Path) -> None:
    article = tmp_path / "walnuts.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with replay() as server:
        server.json(f"/crossref/works/{DOI}", "crossref_work_article.json")
        server.json("/europepmc/search", "europepmc_search_article.json", query=f'DOI:"{DOI}"')
        roots = {
            "CROSSREF": "crossref",
            "EUROPEPMC": "europepmc",
            "PUBMED": "pubmed",
            "OPENALEX": "openalex",
            "SEMANTIC_SCHOLAR": "s2",
            "ARXIV": "arxiv",
            "BIORXIV": "biorxiv",
        }
        env = {
            **os.environ,
            "CAVEAT_DATA_DIR": str(tmp_path / "data"),
            "CAVEAT_APIS__TIMEOUT_S": "3",
            "CAVEAT_APIS__RETRIES": "0",
        }
        env |= {f"CAVEAT_APIS__{k}_URL": f"{server.url}/{v}" for k, v in roots.items()}
        online = _check(article, env)
        asked = server.count("/crossref")
    assert asked >= 1
    assert online["paper"]["doi"].lower() == DOI
    assert online["paper"]["title"].startswith("Daily walnut snacks")
    assert online["paper"]["abstract"], "the abstract came from Europe PMC when Crossref had none"
    assert any(s["source"] == "crossref" and s["outcome"] == "found" for s in online["sources"])
    assert online["profile"]["design"] == "randomised controlled trial"

    offline = _check(article, env, "--offline")  # the server is gone: only the library can answer
    assert offline["paper"]["title"] == online["paper"]["title"]
    assert offline["paper"]["abstract"] == online["paper"]["abstract"]
    assert any(s["source"] == "library" and s["outcome"] == "found" for s in offline["sources"])
