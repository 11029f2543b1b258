"""Batch mode under bad rows, colliding names, kills and re-runs (issue 12: defects 12, 13, 17, 18).

Most cases run the batch in this process (`--jobs 1`); the kill test needs a real process pool and is marked.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caveat import batch
from caveat.cli import main

STORY = "Pill trial result\n\nA trial of {n} adults found that the pill lowered blood pressure, say researchers.\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def check(src: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run(["check", str(src), "--offline", "--format", "json", "--jobs", "1", "-o", str(out), *extra], capsys)


def write_jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def row(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_wrongly_typed_row_is_reported_and_the_rest_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        row(id="a", text=STORY.format(n=40), abstract=5),
        row(id="b", text=STORY.format(n=50), paper={"sources": [1]}),
        row(id="c", text=STORY.format(n=60)),
        row(id=["d"], text=STORY.format(n=70)),
    ])
    code, stdout, err = check(src, tmp_path / "o", capsys)
    assert code == 0
    assert (tmp_path / "o" / "c.json").is_file()
    assert not (tmp_path / "o" / "a.json").exists() and not (tmp_path / "o" / "b.json").exists()
    summary = (tmp_path / "o" / "summary.md").read_text()
    assert summary == stdout and "Reviewed 1 of 4 articles." in summary
    assert 'in.jsonl line 1: field "abstract" must be a string, not int.' in summary
    assert "in.jsonl line 2:" in summary and "in.jsonl line 4:" in summary
    assert "Traceback" not in err


def test_bad_lines_do_not_stop_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [
        b'{"id": "broken", "text": ',
        row(id="good", text=STORY.format(n=30)),
        b'{"id": "latin", "text": "caf\xe9 study"}',
        b"[1, 2]",
    ])
    code, stdout, err = check(src, tmp_path / "o", capsys)
    assert code == 0 and (tmp_path / "o" / "good.json").is_file()
    assert "Reviewed 1 of 4 articles." in stdout
    assert "in.jsonl line 1: is not valid JSON" in stdout
    assert "in.jsonl line 3: is not UTF-8 (byte 29)" in stdout
    assert "in.jsonl line 4: is not a JSON object" in stdout
    assert "Traceback" not in err


def test_a_file_of_only_bad_rows_exits_2_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [b"not json", row(id="x")])
    code, stdout, _ = check(src, tmp_path / "o", capsys)
    assert code == 2 and "Reviewed 0 of 2 articles." in stdout and (tmp_path / "o" / "summary.md").is_file()


def test_output_names_never_collide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for n, name in enumerate(["a b.txt", "a_b.txt", "sub/x.txt", "sub_x.txt", "A_B.txt"]):
        (src / name).write_text(STORY.format(n=20 + n), encoding="utf-8")
    code, stdout, _ = check(src, tmp_path / "o", capsys)
    assert code == 0
    reviews = sorted(p.name for p in (tmp_path / "o").glob("*.json"))
    assert len(reviews) == 5, reviews
    sizes = {json.loads((tmp_path / "o" / r).read_text())["article"]["text"] for r in reviews}
    assert len(sizes) == 5, "two outputs hold the same article: one overwrote another"
    assert "Reviewed 5 of 5 articles." in stdout and "Renamed so that no output overwrites another:" in stdout


def test_duplicate_ids_get_their_own_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [row(id="same", text=STORY.format(n=n)) for n in (11, 12, 13)])
    code, stdout, _ = check(src, tmp_path / "o", capsys)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "o").glob("*.json")) == ["same-2.json", "same-3.json", "same.json"]
    assert "in.jsonl line 2: same -> same-2" in stdout


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"s{n}.txt").write_text(STORY.format(n=100 + n), encoding="utf-8")
    out = tmp_path / "o"
    check(src, out, capsys)
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    (src / "s1.txt").write_text(STORY.format(n=999), encoding="utf-8")
    time.sleep(0.01)
    code, stdout, _ = check(src, out, capsys)
    assert code == 0 and "Reviewed 3 of 3 articles (2 done by an earlier run)." in stdout
    again = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    assert again["s0.txt.json"] == first["s0.txt.json"] and again["s2.txt.json"] == first["s2.txt.json"]
    assert again["s1.txt.json"] != first["s1.txt.json"]
    assert "999" in (out / "s1.txt.json").read_text()
    assert "| hype |" in stdout  # counts of skipped reviews come from the state file, not from nothing


def test_a_write_cut_short_leaves_no_stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        batch.write_atomic(target, b"{}")
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [row(id="a", text=STORY.format(n=5))])
    (tmp_path / "o").write_text("x")
    code, _, err = check(src, tmp_path / "o", capsys)
    assert code == 2 and err.count("\n") == 1 and "is a file" in err


def _children(parent: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            kids.append(int(stat.parent.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.subprocess
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker pids from /proc")
def test_a_killed_batch_leaves_no_stub_no_workers_and_resumes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    body = " ".join(f"A trial of {n} adults found the pill is a breakthrough cure." for n in range(400))
    for n in range(24):
        (src / f"s{n:02}.txt").write_text(f"Pill news {n}\n\n{body}\n", encoding="utf-8")
    out = tmp_path / "o"
    cmd = [sys.executable, "-m", "caveat.cli", "check", str(src), "--offline", "--format", "json", "-o", str(out),
           "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 120
    while time.monotonic() < end and len(list(out.glob("s*.json"))) < 2:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert workers, "the batch started no workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 10
    while time.monotonic() < end and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived the batch"
    done = list(out.glob("s*.json"))
    assert done and all(json.loads(p.read_text())["flags"] is not None for p in done), "a stub review was left"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert "Reviewed 24 of 24 articles (" in rerun.stdout and "done by an earlier run)." in rerun.stdout
    assert not list(out.glob(".caveat-tmp-*"))
