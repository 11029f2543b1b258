"""Batch mode: a folder of articles or a JSON-lines file, one review each, on every core.

A research desk runs Caveat over an archive of releases to study hype at scale. Each article is reviewed in a
worker process (the rules are pure Python, so threads would share one core); one bad file is reported and
skipped, never the end of the run. Workers do not open the embedded paper library: Chroma's embedded store is
not meant for several processes, so a batch uses the supplied papers, the network, or a shared Chroma server.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caveat.core.errors import CaveatError, InputError
from caveat.core.models import CHECK_IDS
from caveat.core.settings import Settings

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


@dataclass(frozen=True)
class BatchItem:
    name: str
    path: str | None = None
    text: str | None = None
    paper: dict[str, Any] | None = None
    abstract: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class BatchResult:
    name: str
    counts: dict[str, int]
    error: str = ""


def is_batch_input(arg: str) -> bool:
    return arg != "-" and (Path(arg).is_dir() or arg.endswith(".jsonl"))


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:120] or "article"


def load_items(arg: str) -> list[BatchItem]:
    """The articles of a folder (by suffix, sorted) or of a JSON-lines file ({"id", "text", "paper"?, ...})."""
    path = Path(arg)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise InputError(f"No articles ({', '.join(ARTICLE_SUFFIXES)}) in folder {arg}.")
        return [BatchItem(name=_safe_name(str(p.relative_to(path))), path=str(p)) for p in files]
    if not path.is_file():
        raise InputError(f"JSON-lines file not found: {arg}")
    items = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{arg} line {lineno} is not valid JSON ({exc.msg}).") from exc
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InputError(f'{arg} line {lineno} needs a "text" field holding the article.')
        items.append(
            BatchItem(
                name=_safe_name(str(row.get("id") or f"line-{lineno}")),
                text=row["text"],
                paper=row.get("paper"),
                abstract=row.get("abstract"),
                doi=row.get("doi"),
            )
        )
    if not items:
        raise InputError(f"{arg} holds no articles.")
    return items


def _review_one(item: BatchItem, settings: Settings, out_dir: str, fmt: str) -> BatchResult:
    from caveat.pipeline import ReviewInput, review
    from caveat.reading.documents import read_article_path
    from caveat.report.writers import EXTENSIONS, write_report
    from retrieval.supplied import paper_from_dict

    try:
        text = item.text if item.text is not None else read_article_path(Path(item.path or ""))
        paper = paper_from_dict(item.paper) if item.paper else None
        result = review(
            ReviewInput(text=text, source=item.name, paper=paper, abstract=item.abstract, doi=item.doi),
            settings=settings,
        )
        out = Path(out_dir)
        (out / f"{item.name}.json").write_text(result.model_dump_json(indent=2), encoding="utf-8")
        if fmt != "json":
            (out / f"{item.name}{EXTENSIONS[fmt]}").write_bytes(write_report(result, fmt))
        return BatchResult(item.name, dict(Counter(f.check for f in result.flags)))
    except CaveatError as exc:
        return BatchResult(item.name, {}, error=str(exc))


def summary_table(results: list[BatchResult]) -> str:
    """A Markdown table: one row per check id with how many articles it was raised in and how many times."""
    articles = Counter[str]()
    totals = Counter[str]()
    for r in results:
        for check, n in r.counts.items():
            articles[check] += 1
            totals[check] += n
    ok = [r for r in results if not r.error]
    lines = [f"Reviewed {len(ok)} of {len(results)} articles.", "", "| check | articles | flags |", "|---|---:|---:|"]
    lines += [f"| {c} | {articles[c]} | {totals[c]} |" for c in CHECK_IDS]
    errors = [r for r in results if r.error]
    if errors:
        lines += ["", "Not reviewed:"] + [f"- {r.name}: {r.error}" for r in errors]
    return "\n".join(lines) + "\n"


def run_batch(args: argparse.Namespace, settings: Settings) -> int:
    if not args.output:
        raise InputError("Batch mode writes one review per article: give an output folder with -o OUTDIR.")
    items = load_items(args.article)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(len(items), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_review_one, it, settings, str(out), args.format) for it in items]
        results = []
        for fut in futures:
            res = fut.result()
            results.append(res)
            if res.error:
                print(f"caveat: {res.name}: {res.error}", file=sys.stderr)
    table = summary_table(results)
    (out / "summary.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    return 0 if any(not r.error for r in results) else 2
