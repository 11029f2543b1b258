"""`caveat bench`: how fast the rule path is on real articles, and how its cost grows with length.

Speed is measured here, by a command, not asserted by timed tests (which only measure the CI machine's mood).
It reviews every article offline with no paper (the path a research desk runs over an archive), then texts of
1 KB to 1 MB made by joining real articles, and the start-up of the `caveat check` command itself. `run_bench`
returns the figures; the command prints them with `format_bench` and writes them as JSON.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from caveat.core.paths import benchmarks_dir
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review

LENGTHS = (1_000, 10_000, 100_000, 1_000_000)


def default_folders() -> list[Path]:
    return [benchmarks_dir() / "healthnewsreview-fakehealth" / "content"]


def iter_texts(folders: list[Path]) -> Iterator[tuple[str, str]]:
    """(name, text) of every article: FakeHealth JSON (title + text), or plain .txt/.md files."""
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".json":
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, json.JSONDecodeError):
                    continue
                text = f"{data.get('title') or ''}\n\n{data.get('text') or ''}".strip()
            elif path.suffix in (".txt", ".md"):
                text = path.read_text(encoding="utf-8", errors="replace")
            else:
                continue
            if text.strip():
                yield path.name, text


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_startup() -> float:
    """Wall seconds for `caveat check` on a short article, in a new process (imports included)."""
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "a.txt"
        article.write_text(
            "Coffee linked to longer life\n\nDrinkers lived longer in a cohort study.\n", encoding="utf-8"
        )
        env = {**os.environ, "CAVEAT_DATA_DIR": tmp}
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "caveat.cli", "check", str(article), "--offline", "--format", "json"],
            check=True,
            capture_output=True,
            env=env,
        )
        return time.perf_counter() - t0


def run_bench(folders: list[Path], limit: int = 0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp)).offline()
        review(ReviewInput(text="Warm-up\n\nA study in mice."), settings=settings)  # imports, lexicons compiled
        times: list[float] = []
        chars = 0
        texts: list[str] = []
        t_all = time.perf_counter()
        for _name, text in iter_texts(folders):
            t0 = time.perf_counter()
            review(ReviewInput(text=text), settings=settings)
            times.append(time.perf_counter() - t0)
            chars += len(text)
            if len(texts) < 400:
                texts.append(text)
            if limit and len(times) >= limit:
                break
        total = time.perf_counter() - t_all
        if not times:
            raise SystemExit(f"caveat: no articles found in {', '.join(map(str, folders))}")
        growth = []
        pool = "\n\n".join(texts)
        for n in LENGTHS:
            body = (pool * (n // max(1, len(pool)) + 1))[:n]
            t0 = time.perf_counter()
            review(ReviewInput(text=body), settings=settings)
            growth.append({"chars": n, "seconds": round(time.perf_counter() - t0, 3)})
    return {
        "articles": len(times),
        "mean_chars": round(chars / len(times)),
        "articles_per_s": round(len(times) / total, 1),
        "p50_s": round(statistics.median(times), 4),
        "p95_s": round(percentile(times, 0.95), 4),
        "max_s": round(max(times), 4),
        "by_length": growth,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "check_startup_s": round(measure_startup(), 2),
        "cpu_count": os.cpu_count(),
    }


def format_bench(r: dict[str, Any]) -> str:
    lines = [
        f"articles reviewed      {r['articles']} (mean {r['mean_chars']} characters), rules only, offline, one process",
        f"articles per second    {r['articles_per_s']}",
        f"seconds per article    p50 {r['p50_s']}  p95 {r['p95_s']}  max {r['max_s']}",
        f"peak memory            {r['peak_rss_mb']} MB (resident)",
        f"`caveat check` start   {r['check_startup_s']} s (new process, short article)",
        "cost against length:",
    ]
    for row in r["by_length"]:
        lines.append(f"  {row['chars']:>9,} chars  {row['seconds']:.3f} s")
    return "\n".join(lines) + "\n"
