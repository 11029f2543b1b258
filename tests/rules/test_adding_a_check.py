"""Adding a check is its module, its CheckId entry and its table rows: everything else follows from its declaration.

A throwaway rule module is written to a temporary folder that is put on caveat.rules' search path, and its id is
appended to CHECK_IDS (standing in for the CheckId entry). Without one more edit anywhere, the registry runs it,
the checklist item it declares lists it, the language-model reviewer knows its default severity, and the README
table generator writes its row (which the README test would then ask for: the table rows are the one other edit).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import caveat.rules
from caveat.analysis.article import parse_article
from caveat.checklist import ITEMS, build_checklist
from caveat.core import models
from caveat.core.models import StudyProfile
from caveat.llm import reviewer
from caveat.rules import registry

_MODULE = "zz_throwaway_check"
_SOURCE = '''
"""throwaway: a check that exists only for this test."""

from caveat.core.models import Flag
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

DECLARATION = CheckDeclaration(
    id="throwaway",  # type: ignore[arg-type]  # stands in for a new CheckId entry
    severity="low",
    items=(7,),
    summary="a word the desk has banned",
    title="A banned word",
    todo="Cut the banned word.",
    compares="article",
    fires=(Example("Banned\\n\\nThe story says zorp."),),
    does_not_fire=(Example("Clean\\n\\nThe story says nothing odd."),),
)
SEEN: list[str] = []


def check(ctx: CheckContext) -> list[Flag]:
    SEEN.append(ctx.article.text)
    return []
'''


@pytest.fixture
def throwaway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Put the throwaway module where discovery looks and its id in CHECK_IDS; undo both afterwards."""
    (tmp_path / f"{_MODULE}.py").write_text(_SOURCE, encoding="utf-8")
    monkeypatch.setattr(caveat.rules, "__path__", [*caveat.rules.__path__, str(tmp_path)])
    monkeypatch.setattr(models, "CHECK_IDS", (*models.CHECK_IDS, "throwaway"))
    importlib.invalidate_caches()
    registry.registered.cache_clear()
    yield "throwaway"
    registry.registered.cache_clear()  # the next call rediscovers once monkeypatch has restored the path
    sys.modules.pop(f"caveat.rules.{_MODULE}", None)


def test_the_registry_runs_it_last_in_checkid_order(throwaway: str) -> None:
    entries = registry.registered()
    assert [e.id for e in entries] == list(models.CHECK_IDS)
    assert entries[-1].id == throwaway and entries[-1].module == f"caveat.rules.{_MODULE}"
    module = sys.modules[f"caveat.rules.{_MODULE}"]
    registry.run_checks(parse_article("Head\n\nA body that no real check minds."), None, StudyProfile())
    assert module.SEEN == ["Head\n\nA body that no real check minds."]


def test_the_checklist_item_lists_it(throwaway: str) -> None:
    item = next(i for i in ITEMS if i.number == 7)
    assert item.checks == (throwaway,)
    statuses = {c.number: c.status for c in build_checklist([], parse_article("Head\n\nBody."), None,
                                                            StudyProfile())}
    assert statuses[7] == "editor"  # item 7's own rule still decides when no flag is raised


def test_the_reviewer_knows_its_default_severity(throwaway: str) -> None:
    defaults = reviewer.default_severities()
    assert defaults[throwaway] == "low"
    assert list(defaults) == list(models.CHECK_IDS)


def test_the_page_and_report_name_it_in_plain_words(throwaway: str) -> None:
    from caveat.report import labels

    assert labels.check_title(throwaway) == "A banned word"
    assert labels.check_todo(throwaway) == "Cut the banned word."
    assert "A banned word" not in labels.paper_checks()  # it judges the article alone


def test_the_readme_generator_writes_its_row(throwaway: str) -> None:
    table = registry.checks_table().splitlines()
    assert table[-1] == "| `throwaway` | a word the desk has banned | low |"
    assert len(table) == 2 + len(models.CHECK_IDS)


def test_a_checkid_without_a_module_stops_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "CHECK_IDS", (*models.CHECK_IDS, "orphan"))
    registry.registered.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"in CheckId with no rule module \['orphan'\]"):
            registry.registered()
    finally:
        monkeypatch.undo()
        registry.registered.cache_clear()


def test_a_module_without_a_checkid_stops_the_registry(throwaway: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "CHECK_IDS", tuple(c for c in models.CHECK_IDS if c != throwaway))
    registry.registered.cache_clear()
    with pytest.raises(ValueError, match=r"declared but not in CheckId \['throwaway'\]"):
        registry.registered()


def test_two_modules_with_one_id_stop_the_registry(throwaway: str, tmp_path: Path) -> None:
    (tmp_path / "zz_throwaway_copy.py").write_text(_SOURCE, encoding="utf-8")
    importlib.invalidate_caches()
    registry.registered.cache_clear()
    try:
        with pytest.raises(ValueError, match="'throwaway' is declared twice"):
            registry.registered()
    finally:
        sys.modules.pop("caveat.rules.zz_throwaway_copy", None)
