"""Prompt files: versioned headers, the fields the reviewer fills, and clear errors for broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caveat.core.errors import InputError
from caveat.core.models import CHECK_IDS
from caveat.llm.prompt_files import PROMPTS_DIR, load_prompt

EXPECTED_FIELDS = {
    "judge_claims": {
        "design",
        "subjects",
        "peer_review",
        "conclusion_strength",
        "conclusions",
        "headline",
        "claim",
        "evidence",
    },
    "profile_study": {"title", "abstract"},
    "rewrite_flag": {"check", "message", "design", "subjects", "sentence", "evidence"},
    "claim_strength": {"sentence"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_FIELDS))
def test_each_prompt_loads_with_a_version_and_its_fields(name: str) -> None:
    prompt = load_prompt(name)
    assert prompt.name == name
    assert re.fullmatch(r"\d+\.\d+\.\d+", prompt.version)
    assert set(prompt.template.input_variables) == EXPECTED_FIELDS[name]
    roles = [role for role, _ in prompt.render(**dict.fromkeys(EXPECTED_FIELDS[name], "x"))]
    assert roles == ["system", "human"]


def test_every_prompt_file_is_covered() -> None:
    assert {p.stem for p in PROMPTS_DIR.glob("*.md")} == set(EXPECTED_FIELDS)


def test_judge_prompt_names_only_real_check_ids() -> None:
    text = (PROMPTS_DIR / "judge_claims.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- ([a-z-]+):", text, flags=re.MULTILINE)
    assert len(listed) >= 6
    assert set(listed) <= set(CHECK_IDS)


def test_values_with_braces_are_not_reparsed() -> None:
    messages = load_prompt("claim_strength").render(sentence="Levels {x} rose")
    assert "Levels {x} rose" in messages[-1][1]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("version: 1\n---\n[system]\na\n[human]\nb\n", "needs 'name: broken'"),
        ("name: broken\n---\n[system]\na\n[human]\nb\n", "needs 'name: broken'"),
        ("name: broken\nversion: 1\n[system]\na\n[human]\nb\n", "no '---' line"),
        ("name: broken\nversion: 1\n---\n[system]\nonly a system part\n", "one [system] and one [human]"),
    ],
)
def test_malformed_files_raise_input_error(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "broken.md").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(problem)):
        load_prompt("broken", tmp_path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        load_prompt("absent", tmp_path)
