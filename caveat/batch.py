"""Batch mode: a folder of articles or a JSON-lines file, one review each, on every core.

A research desk runs Caveat over an archive of releases to study hype at scale. Each article is reviewed in a
worker process (the rules are pure Python, so threads would share one core). A batch of thousands runs for a long
time and meets bad rows, so it is built to be interrupted and resumed:

- one bad file or row (invalid JSON or UTF-8, a wrongly typed field, a crash in one review) is reported in the
  summary and skipped, never the end of the run;
- every output name is unique: two inputs that sanitise to the same name get ``-2``, ``-3`` and the summary says so;
- every file is written whole or not at all (a temporary file renamed into place), so a kill leaves no 0-byte review;
- workers watch their parent and end with it;
- a state file records each finished review with a fingerprint of its input, so a re-run skips what is done.

Workers do not open the embedded paper library: Chroma's embedded store is not meant for several processes, so a
batch uses the supplied papers, the network, or a shared Chroma server.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from caveat import __version__
from caveat.core.errors import CaveatError, InputError
from caveat.core.models import CHECK_IDS
from caveat.core.settings import Settings

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
STATE_FILE = "batch-state.jsonl"
"""One line per finished review: name, input fingerprint, counts. What a re-run reads to skip finished work."""
_TMP_MARK = ".caveat-tmp-"
_ROW_FIELDS = {"id": (str, int), "text": (str,), "paper": (dict,), "abstract": (str,), "doi": (str,)}


@dataclass(frozen=True)
class BatchItem:
    """One article to review, or one row that could not be read (``error`` set; it is reported, not reviewed)."""

    name: str
    label: str = ""
    """Where it came from, for the summary: a path in the folder or "FILE line N"."""
    path: str | None = None
    text: str | None = None
    paper: dict[str, Any] | None = None
    abstract: str | None = None
    doi: str | None = None
    error: str = ""
    key: str = ""
    """A fingerprint of the input (and the Caveat version): a finished review with the same key is not redone."""
    asked: str = ""
    """The name the input asked for, when `unique_names` had to change it."""


@dataclass(frozen=True)
class BatchResult:
    name: str
    counts: dict[str, int]
    error: str = ""
    label: str = ""
    resumed: bool = False


def is_batch_input(arg: str) -> bool:
    return arg != "-" and (Path(arg).is_dir() or arg.endswith(".jsonl"))


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:120] or "article"


def _fingerprint(*parts: bytes) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:32]


def unique_names(items: list[BatchItem]) -> list[BatchItem]:
    """Give every item its own output name: "a b.txt" and "a_b.txt" would both write "a_b.txt.json".

    Compared case-insensitively, as a desk's Mac or Windows share would; the first keeps its name, the rest get a
    numbered suffix in input order, so a re-run of the same input gives the same names.
    """
    taken: set[str] = set()
    out = []
    for item in items:
        name, n = item.name, 1
        while name.casefold() in taken:
            n += 1
            name = f"{item.name}-{n}"
        taken.add(name.casefold())
        out.append(item if name == item.name else replace(item, name=name, asked=item.name))
    return out


def _folder_items(path: Path) -> list[BatchItem]:
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    if not files:
        raise InputError(f"No articles ({', '.join(ARTICLE_SUFFIXES)}) in folder {path}.")
    items = []
    for p in files:
        rel = str(p.relative_to(path))
        try:
            key = _fingerprint(p.read_bytes())
        except OSError as exc:
            items.append(BatchItem(name=_safe_name(rel), label=rel, error=f"cannot be read ({exc.strerror})."))
            continue
        items.append(BatchItem(name=_safe_name(rel), label=rel, path=str(p), key=key))
    return items


def _row_problem(row: object) -> str:
    """What is wrong with a JSON-lines row, in one line, or "" when it can be reviewed."""
    if not isinstance(row, dict):
        return 'is not a JSON object: each line needs {"id": ..., "text": ...}.'
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        return 'needs a "text" field holding the article.'
    for field, types in _ROW_FIELDS.items():
        value = row.get(field)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            wanted = " or ".join({"str": "a string", "int": "a number", "dict": "an object"}[t.__name__] for t in types)
            return f'field "{field}" must be {wanted}, not {type(value).__name__}.'
    return ""


def _jsonl_row(raw: bytes, where: str, lineno: int) -> BatchItem:
    fallback = f"line-{lineno}"
    try:
        row = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return BatchItem(name=fallback, label=where, error=f"is not UTF-8 (byte {exc.start + 1}); save it as UTF-8.")
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return BatchItem(name=fallback, label=where, error=f"is not valid JSON ({detail}).")
    problem = _row_problem(row)
    if problem:
        return BatchItem(name=fallback, label=where, error=problem)
    name = _safe_name(str(row.get("id") or fallback))
    return BatchItem(
        name=name, label=where, text=row["text"], paper=row.get("paper"), abstract=row.get("abstract"),
        doi=row.get("doi"), key=_fingerprint(raw),
    )


def _jsonl_items(path: Path) -> list[BatchItem]:
    if not path.is_file():
        raise InputError(f"JSON-lines file not found: {path}")
    items = []
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            if raw.strip():
                items.append(_jsonl_row(raw.strip(), f"{path.name} line {lineno}", lineno))
    if not items:
        raise InputError(f"{path} holds no articles.")
    return items


def load_items(arg: str) -> list[BatchItem]:
    """The articles of a folder (by suffix, sorted) or of a JSON-lines file ({"id", "text", "paper"?, ...}).

    Rows that cannot be read come back with ``error`` set, so that the summary names them and the rest still run.
    """
    path = Path(arg)
    return unique_names(_folder_items(path) if path.is_dir() else _jsonl_items(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a batch killed mid-write leaves the old file or none, never a stub."""
    tmp = path.with_name(f"{_TMP_MARK}{path.name}.{os.getpid()}")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
        if fmt != "json":
            write_atomic(out / f"{item.name}{EXTENSIONS[fmt]}", write_report(result, fmt))
        # the JSON review is written last: its presence (with the state line) is what marks the item done
        write_atomic(out / f"{item.name}.json", result.model_dump_json(indent=2).encode("utf-8"))
        return BatchResult(item.name, dict(Counter(f.check for f in result.flags)), label=item.label)
    except CaveatError as exc:
        return BatchResult(item.name, {}, error=str(exc), label=item.label)
    except Exception as exc:  # one article's crash must not end a run of thousands
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        return BatchResult(item.name, {}, error=f"could not be reviewed ({type(exc).__name__}: {detail}).",
                           label=item.label)


def _watch_parent(parent: int) -> None:
    """Worker initializer: end this worker when the batch process is gone (killed with -9, it cannot tell us)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="caveat-parent-watch", daemon=True).start()


class BatchState:
    """The state file: which items are done, under which input fingerprint. Appended to as reviews finish."""

    def __init__(self, out: Path, fmt: str) -> None:
        self.path = out / STATE_FILE
        self.fmt = fmt
        self.done: dict[str, dict[str, Any]] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    self.done[entry["name"]] = entry
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by a kill: that item is simply done again

    def finished(self, item: BatchItem, out: Path) -> BatchResult | None:
        entry = self.done.get(item.name)
        if not item.key or not entry or entry.get("key") != item.key or entry.get("format") != self.fmt:
            return None
        if not (out / f"{item.name}.json").is_file():
            return None
        return BatchResult(item.name, dict(entry.get("counts", {})), label=item.label, resumed=True)

    def record(self, item: BatchItem, result: BatchResult) -> None:
        if result.error or not item.key:
            return
        line = json.dumps({"name": item.name, "key": item.key, "format": self.fmt, "counts": result.counts})
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def _clean_stale_temporaries(out: Path) -> None:
    for stale in out.glob(f"{_TMP_MARK}*"):
        stale.unlink(missing_ok=True)


def _run_items(todo: list[BatchItem], settings: Settings, out: Path, fmt: str, jobs: int) -> Iterator[BatchResult]:
    """Review each item, in a pool of `jobs` workers (or in this process when 1), yielding results in order."""
    if jobs <= 1 or len(todo) <= 1:
        for item in todo:
            yield _review_one(item, settings, str(out), fmt)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_watch_parent,
                             initargs=(os.getpid(),)) as pool:
        futures: list[Future[BatchResult]] = [pool.submit(_review_one, it, settings, str(out), fmt) for it in todo]
        for item, fut in zip(todo, futures, strict=True):
            try:
                yield fut.result()
            except BrokenProcessPool:
                yield BatchResult(item.name, {}, error="its worker process died (out of memory?).", label=item.label)


def summary_table(results: list[BatchResult], renamed: list[BatchItem] | None = None) -> str:
    """A Markdown table: one row per check id with how many articles it was raised in and how many times."""
    articles = Counter[str]()
    totals = Counter[str]()
    for r in results:
        for check, n in r.counts.items():
            articles[check] += 1
            totals[check] += n
    ok = [r for r in results if not r.error]
    resumed = sum(r.resumed for r in ok)
    head = f"Reviewed {len(ok)} of {len(results)} articles" + (f" ({resumed} done by an earlier run)." if resumed
                                                                 else ".")
    lines = [head, "", "| check | articles | flags |", "|---|---:|---:|"]
    lines += [f"| {c} | {articles[c]} | {totals[c]} |" for c in CHECK_IDS]
    errors = [r for r in results if r.error]
    if errors:
        lines += ["", "Not reviewed:"] + [f"- {r.label or r.name}: {r.error}" for r in errors]
    if renamed:
        lines += ["", "Renamed so that no output overwrites another:"]
        lines += [f"- {it.label}: {it.asked} -> {it.name}" for it in renamed]
    return "\n".join(lines) + "\n"


def _plan(items: list[BatchItem], state: BatchState, out: Path) -> tuple[dict[str, BatchResult], list[BatchItem]]:
    """Results known before reviewing (unreadable rows, reviews done by an earlier run), and what is left to do."""
    known: dict[str, BatchResult] = {}
    todo = []
    for item in items:
        if item.error:
            known[item.name] = BatchResult(item.name, {}, error=item.error, label=item.label)
            print(f"caveat: {item.label}: {item.error}", file=sys.stderr)
        elif earlier := state.finished(item, out):
            known[item.name] = earlier
        else:
            todo.append(item)
    return known, todo


def run_batch(args: argparse.Namespace, settings: Settings) -> int:
    if not args.output:
        raise InputError("Batch mode writes one review per article: give an output folder with -o OUTDIR.")
    items = load_items(args.article)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise InputError(f"Batch mode writes into a folder, and {out} is a file: give a folder with -o OUTDIR.")
    out.mkdir(parents=True, exist_ok=True)
    _clean_stale_temporaries(out)
    state = BatchState(out, args.format)
    results, todo = _plan(items, state, out)
    jobs = getattr(args, "jobs", None) or max(1, os.cpu_count() or 1)
    for item, res in zip(todo, _run_items(todo, settings, out, args.format, jobs), strict=True):
        state.record(item, res)
        results[item.name] = res
        if res.error:
            print(f"caveat: {item.label or item.name}: {res.error}", file=sys.stderr)
    ordered = [results[it.name] for it in items]
    table = summary_table(ordered, [it for it in items if it.asked])
    write_atomic(out / "summary.md", table.encode("utf-8"))
    sys.stdout.write(table)
    return 0 if any(not r.error for r in ordered) else 2
