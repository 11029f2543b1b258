"""The checks' declarations: their examples run through their checks, and every copy of the facts agrees with them.

Proselint-style: each rule module states examples that must and must not fire, and this runs all of them. Then the
places that list the checks outside the code (README table, the judge prompt, CHECKLIST.md when ../shared is there,
the checklist items, CheckId) are compared with the declarations, so that none of them can drift.
"""

from __future__ import annotations

import re

import pytest

from caveat.checklist import ITEMS
from caveat.core.models import CHECK_IDS, SEVERITIES
from caveat.core.paths import PROJECT_ROOT, shared_dir
from caveat.llm.prompt_files import PROMPTS_DIR, load_prompt
from caveat.rules.declaration import CheckDeclaration, Example
from caveat.rules.registry import checks_table, declarations, registered, run_example

EXAMPLES = [
    (entry, example, fires)
    for entry in registered()
    for fires, examples in ((True, entry.declaration.fires), (False, entry.declaration.does_not_fire))
    for example in examples
]
EXAMPLE_IDS = [f"{entry.id}-{'fires' if fires else 'quiet'}-{n}"
               for n, (entry, _, fires) in enumerate(EXAMPLES)]


@pytest.mark.parametrize(("entry", "example", "fires"), EXAMPLES, ids=EXAMPLE_IDS)
def test_every_declared_example(entry, example: Example, fires: bool) -> None:  # type: ignore[no-untyped-def]  # parametrised entry
    flags = run_example(entry, example)
    assert bool(flags) is fires, [f"{f.check}: {f.article_span.text}" for f in flags]
    for flag in flags:
        assert flag.check == entry.id
        assert flag.severity in entry.declaration.severities
        assert example.article[flag.article_span.start:flag.article_span.end] == flag.article_span.text


def test_every_check_id_has_examples_both_ways() -> None:
    for declared in declarations():
        assert declared.fires and declared.does_not_fire, declared.id
    assert {entry.id for entry, _, _ in EXAMPLES} == set(CHECK_IDS)


def test_titles_and_summaries_are_distinct_one_liners() -> None:
    titles = [d.title for d in declarations()]
    summaries = [d.summary for d in declarations()]
    assert len(set(titles)) == len(titles) and len(set(summaries)) == len(summaries)
    for declared in declarations():
        assert declared.title[0].isupper() and not declared.title.endswith("."), declared.title
        assert len(declared.title) <= 80, declared.title


def test_readme_checks_table_is_the_declarations() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    expected = checks_table()
    head = expected.splitlines()[0]
    assert head in readme, "the README has no checks table"
    start = readme.index(head)
    end = readme.find("\n\n", start)
    found = readme[start:end if end >= 0 else None]
    assert found == expected, (
        "README checks table differs from the declarations; replace it with the output of "
        f"`python -m caveat.rules.registry`:\n{expected}"
    )


def _judge_prompt_ids() -> dict[str, str]:
    """The '- id: description' list of the judge prompt, continuation lines joined."""
    listed: dict[str, str] = {}
    current = ""
    text = (PROMPTS_DIR / "judge_claims.md").read_text(encoding="utf-8")
    section = text.split("Use only these check ids:", 1)[1].split("\n\n", 1)[0]
    for line in section.strip().splitlines():
        match = re.match(r"^- ([a-z-]+): (.*)$", line)
        if match:
            current = match.group(1)
            listed[current] = match.group(2).strip()
        else:
            listed[current] += " " + line.strip()
    return listed


def test_judge_prompt_lists_the_declared_judge_hints() -> None:
    expected = {d.id: d.judge_hint for d in declarations() if d.judge_hint}
    listed = _judge_prompt_ids()
    assert set(listed) <= set(CHECK_IDS)
    assert listed == expected, "prompts/judge_claims.md and the declarations' judge_hint differ (bump its version)"
    assert load_prompt("judge_claims").version  # the prompt still loads


def test_checklist_items_are_raised_by_the_declared_checks() -> None:
    numbers = {item.number for item in ITEMS}
    for declared in declarations():
        assert set(declared.items) <= numbers, declared.id
    for item in ITEMS:
        assert item.checks == tuple(d.id for d in declarations() if item.number in d.items)
    raised = {check for item in ITEMS for check in item.checks}
    assert raised == set(CHECK_IDS)  # every check raises some item


def _table(text: str, heading: str) -> list[list[str]]:
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]


def test_checklist_md_agrees_with_the_declarations() -> None:
    path = shared_dir() / "CHECKLIST.md"
    if not path.is_file():
        pytest.skip(f"{path} is not there (a clone without ../shared)")
    text = path.read_text(encoding="utf-8")
    flags = _table(text, "## 2. Flags")
    assert [row[0].strip("`") for row in flags] == list(CHECK_IDS)
    for row, declared in zip(flags, declarations(), strict=True):
        assert row[2] == declared.compares, declared.id
        assert row[3].split(" (")[0] == declared.severity, declared.id
    for row in _table(text, "## 3. The checklist"):
        listed = tuple(c for c in CHECK_IDS if f"`{c}`" in row[2])
        assert set(listed) == {d.id for d in declarations() if int(row[0]) in d.items}, row[0]


def _declare(**changes: object) -> CheckDeclaration:
    fields: dict[str, object] = dict(
        id="hype", severity="low", items=(2,), summary="a thing", title="A thing", todo="Fix the thing.",
        compares="article",
        fires=(Example("Head\n\nBody."),), does_not_fire=(Example("Head\n\nOther body."),),
    )
    return CheckDeclaration(**{**fields, **changes})  # type: ignore[arg-type]  # deliberately bad fields


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"summary": "two\nlines"}, "summary must be one non-empty line"),
        ({"title": " "}, "title must be one non-empty line"),
        ({"todo": ""}, "todo must be one non-empty line"),
        ({"severity": "urgent"}, "severities must be among " + ", ".join(SEVERITIES)),
        ({"items": ()}, "items must be checklist item numbers"),
        ({"items": (0,)}, "items must be checklist item numbers"),
        ({"does_not_fire": ()}, "at least one example that fires and one that does not"),
        ({"other_severities": ("high",)}, "give both or neither"),
        ({"severity_note": "sometimes"}, "give both or neither"),
        ({"judge_hint": "a\nb"}, "judge_hint must be one line"),
    ],
)
def test_a_broken_declaration_is_refused_with_the_reason(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        _declare(**changes)


def test_an_example_needs_text() -> None:
    with pytest.raises(ValueError, match="needs an article text"):
        Example("  ")


def test_severity_text_and_row() -> None:
    declared = _declare(other_severities=("high",), severity_note="high in a headline")
    assert declared.severities == {"low", "high"}
    assert declared.readme_row() == "| `hype` | a thing | low (high in a headline) |"
