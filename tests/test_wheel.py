"""The built wheel works outside the checkout: installed in a fresh virtual environment, run from another folder.

Why: an editable install hides every packaging mistake (prompts found beside the source tree, a module left out
of the wheel), and a user only ever has the wheel. This test builds it from a clean copy of the project, installs
it with the locked dependencies in a new environment under tmp_path, and from a third folder reviews the seed with
`--llm` against the local stub server, so the prompts are really read from the installed package.

It starts a local server and a build and an install (seconds with a warm uv cache; it needs the package registry
or that cache): marked `server` like the other tests that do, deselect with `-m "not server"`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import caveat
from caveat.core.paths import PROJECT_ROOT, benchmarks_dir, shared_dir
from caveat.llm.prompt_files import load_prompt, prompt_names
from tests.llm.stub_server import StubServer

pytestmark = pytest.mark.server

SEED = shared_dir() / "data" / "seed"
UV = Path(sys.executable).with_name("uv")
_NOT_SOURCE = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "test-artifacts", ".pytest_cache", ".ruff_cache"
)

_PROBE = """
import json, caveat, retrieval
from caveat.llm.prompt_files import PROMPTS_DIR, load_prompt, prompt_names
print(json.dumps({
    "file": caveat.__file__,
    "retrieval": retrieval.__file__,
    "version": caveat.__version__,
    "prompts_dir": str(PROMPTS_DIR),
    "prompts": {name: load_prompt(name).version for name in prompt_names()},
}))
"""


def _stub_env(tmp_path: Path, stub: StubServer) -> dict[str, str]:
    return _clean_env(tmp_path) | {
        "CAVEAT_LLM__API_KEY": "sk-wheel-test",
        "CAVEAT_LLM__BASE_URL": stub.base_url,
        "CAVEAT_LLM__MODEL": "gpt-4o-mini",
        "CAVEAT_LLM__TIMEOUT_S": "5",
        "CAVEAT_LLM__MAX_RETRIES": "0",
    }


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment without anything that would let the checkout leak into the installed copy."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["CAVEAT_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the project and install it in a new venv; the venv's python."""
    if not UV.is_file():
        pytest.skip(f"uv not found beside {sys.executable} (make setup installs it)")
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(PROJECT_ROOT, source, symlinks=True, ignore=_NOT_SOURCE)
    dist = root / "dist"
    # Plain `uv build` makes the sdist and then the wheel from it, so both carry the prompts and the demo.
    _run([str(UV), "build", "--out-dir", str(dist), str(source)], cwd=root)
    wheels = list(dist.glob(f"caveat-{caveat.__version__}-*.whl"))
    assert len(wheels) == 1, list(dist.iterdir())
    venv = root / "venv"
    _run([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=root)
    python = venv / "bin" / "python"
    lock = PROJECT_ROOT / "requirements.lock"
    _run([str(UV), "pip", "install", "--quiet", "--python", str(python), str(wheels[0]), "-c", str(lock)], cwd=root)
    return python


def test_the_installed_package_loads_every_prompt_from_itself(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _run([str(installed), "-c", _PROBE], cwd=elsewhere, env=_clean_env(tmp_path))
    probe = json.loads(proc.stdout)
    venv = installed.parent.parent
    assert Path(probe["file"]).is_relative_to(venv), probe["file"]  # not the checkout
    assert Path(probe["retrieval"]).is_relative_to(venv), probe["retrieval"]
    assert probe["version"] == caveat.__version__  # the one version, read by the build from caveat/__init__.py
    assert Path(probe["prompts_dir"]).is_relative_to(venv), probe["prompts_dir"]
    assert probe["prompts"] == {name: load_prompt(name).version for name in prompt_names()}
    assert set(probe["prompts"]) == {p.stem for p in (PROJECT_ROOT / "prompts").glob("*.md")}


@pytest.mark.skipif(not (SEED / "expected.json").is_file(), reason=f"seed case absent ({SEED})")
def test_the_installed_cli_reviews_the_seed_with_the_model(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    caveat = installed.with_name("caveat")
    with StubServer() as stub:
        env = _stub_env(tmp_path, stub)
        cmd = [str(caveat), "check", str(SEED / "article.txt"), "--paper", str(SEED / "paper.json")]
        proc = _run([*cmd, "--offline", "--llm", "--format", "json"], cwd=elsewhere, env=env)
        asked = stub.chat_requests()
    review = json.loads(proc.stdout)
    assert asked, "the installed copy never called the model"
    shipped = {name: load_prompt(name).version for name in prompt_names()}
    # Every prompt the review used was read from the package, at the version its file declares.
    assert review["prompts"], review.get("notices")
    assert review["prompts"] == {name: shipped[name] for name in review["prompts"]}
    # The seed's profile is known and its rule flags carry suggestions, so only the claim judge is asked here;
    # the probe above loads every other prompt from the installed package.
    assert "judge_claims" in review["prompts"]
    raised = {flag["check"] for flag in review["flags"]}
    assert set(expected["must_flag"]) <= raised
    assert not set(expected["must_not_flag"]) & raised


@pytest.mark.skipif(
    not (benchmarks_dir() / "causal-language-yu2019").is_dir(), reason=f"shared benchmarks absent ({benchmarks_dir()})"
)
def test_the_installed_eval_asks_the_model_with_its_own_prompt(installed: Path, tmp_path: Path) -> None:
    """`caveat eval --llm` is the one user of the claim-strength prompt: it must read it from the package too."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "eval.json"
    cmd = [str(installed.with_name("caveat")), "eval", "--sets", "causal-language-yu2019", "--llm", "--limit", "2"]
    with StubServer() as stub:
        proc = _run(
            [*cmd, "--data", str(benchmarks_dir()), "--json", str(out)], cwd=elsewhere, env=_stub_env(tmp_path, stub)
        )
        asked = stub.chat_requests()
    assert len(asked) == 2, proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [row["set"] for row in result["rows"]] == ["causal-language-yu2019"]
    assert result["llm"]["prompts"] == {"claim_strength": load_prompt("claim_strength").version}
    assert result["llm"]["n"] == 2 and "claim strength" in proc.stdout
