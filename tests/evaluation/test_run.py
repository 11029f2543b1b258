"""run_eval, the one entry point of `caveat eval`, and the command that prints and writes its result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caveat.cli import main
from caveat.core.errors import InputError
from caveat.core.settings import Settings
from caveat.evaluation.run import run_eval


def test_one_result_with_the_benchmarks_and_alignment(bench: Path) -> None:
    result = run_eval(data_dir=bench, sets=["causal-language-yu2019", "certainty-pei2021"])
    assert result.benchmarks is not None
    assert {r.set for r in result.benchmarks.rows} == {"causal-language-yu2019", "certainty-pei2021"}
    assert result.alignment is not None and "own examples" in result.alignment
    assert result.scored_anything and result.llm is None
    table = result.table()
    assert table.index("claim strength") < table.index("evidence alignment")
    data = result.to_json()
    assert json.loads(json.dumps(data, allow_nan=False))["rows"] == data["rows"]
    assert [r["set"] for r in data["rows"]] == ["causal-language-yu2019", "certainty-pei2021"]


def test_unknown_parts_and_absent_folders_are_input_errors(bench: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown benchmark set"):
        run_eval(data_dir=bench, sets=["horoscopes"])
    with pytest.raises(InputError, match="benchmarks folder not found"):
        run_eval(data_dir=tmp_path / "absent", sets=["causal-language-yu2019"])


def test_the_model_part_is_skipped_with_a_reason_without_a_model(bench: Path) -> None:
    plain = Settings()
    settings = plain.model_copy(update={"llm": plain.llm.model_copy(update={"model": ""})})
    result = run_eval(data_dir=bench, sets=["causal-language-yu2019"], llm=True, settings=settings)
    assert result.llm is None
    assert any(reason.startswith("language model:") for reason in result.skipped)


def test_the_command_prints_the_table_and_writes_json(
    bench: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "eval.json"
    code = main(["eval", "--data", str(bench), "--json", str(out), "--sets", "causal-language-yu2019"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "claim strength" in printed and "macro-F1" in printed
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [r["set"] for r in rows] == ["causal-language-yu2019"]
    assert main(["eval", "--data", str(tmp_path / "absent"), "--sets", "causal-language-yu2019"]) == 2
    assert "benchmarks folder not found" in capsys.readouterr().err
