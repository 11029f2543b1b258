"""The command line: `caveat check | library | eval | bench`.

A thin door onto the same pipeline as the page. Bad input exits 2 with one clear line on stderr, never a
traceback: an editor on deadline should learn what to fix from the first line they read.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from caveat import __version__
from caveat.core import limits
from caveat.core.errors import CaveatError, InputError
from caveat.core.settings import Settings, load_settings

if TYPE_CHECKING:  # the library (and Chroma) load only for the commands that use them
    from retrieval.library import Passage

REPORT_FORMATS = ("md", "json", "html", "pdf", "docx")
BINARY_FORMATS = ("pdf", "docx")


class _Parser(argparse.ArgumentParser):
    """argparse prints usage plus an error; we print the error alone, on one line, and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"caveat: {message} (see caveat {self.prog.split()[-1]} --help)\n")


def _fail(message: str, code: int = 2) -> int:
    print(f"caveat: {message}", file=sys.stderr)
    return code


def _read_text_file(path: str, what: str, max_bytes: int) -> str:
    """A small text file the editor names (paper JSON, abstract), refused past `max_bytes` before it is read."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} file not found: {path}")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(f"{what} file {path} is {size:,} bytes; the limit is {max_bytes:,}.")
    data = p.read_bytes()
    if b"\x00" in data:
        raise InputError(f"{what} file {path} is binary, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} file {path} is not UTF-8 text.") from exc


def read_article(arg: str) -> tuple[str, str]:
    """The article's text and where it came from: a path (txt, md, html, docx, pdf) or '-' for standard input."""
    from caveat.reading.documents import read_article_bytes, read_article_path

    if arg == "-":
        return read_article_bytes(sys.stdin.buffer.read(), "stdin.txt"), "stdin"
    path = Path(arg)
    if not path.exists():
        raise InputError(f"Article file not found: {arg}")
    if path.is_dir():
        raise InputError(f"{arg} is a folder; batch mode needs -o OUTDIR (see caveat check --help).")
    return read_article_path(path), path.name


def open_library(settings: Settings) -> object | None:
    """The local paper library; a review still runs without it (with a notice), so failure here is not fatal."""
    try:
        from retrieval.library import PaperLibrary

        return PaperLibrary.open(settings)
    except Exception as exc:  # Chroma can fail in many ways (locked folder, server down)
        print(f"caveat: the paper library is unavailable ({exc}); continuing without it.", file=sys.stderr)
        return None


def check_output_file(out: str) -> Path:
    """Refuse an -o that cannot be written before the review runs, so the editor does not wait to learn it."""
    path = Path(out)
    if path.is_dir():
        raise InputError(f"-o {out} is a folder: give a file name (a folder is for batch mode)")
    if not path.parent.is_dir():
        raise InputError(f"-o {out}: the folder {path.parent} does not exist; create it first")
    return path


def _write_output(data: bytes, out: str | None, fmt: str) -> None:
    if out:
        path = check_output_file(out)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    elif fmt in BINARY_FORMATS and sys.stdout.isatty():
        raise InputError(f"--format {fmt} writes a binary file: give -o FILE.")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings()
    if getattr(args, "offline", False):
        settings = settings.offline()
    if getattr(args, "llm", False):
        settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"enabled": True})})
    return settings


def cmd_check(args: argparse.Namespace) -> int:
    from caveat.batch import is_batch_input, run_batch
    from caveat.pipeline import ReviewInput, review
    from caveat.report.writers import write_report
    from retrieval.supplied import check_abstract, paper_from_json

    settings = _settings(args)
    if is_batch_input(args.article):
        return run_batch(args, settings)
    if args.output:
        check_output_file(args.output)
    text, source = read_article(args.article)
    paper = paper_from_json(_read_text_file(args.paper, "Paper", limits.PAPER_JSON_BYTES)) if args.paper else None
    abstract = None
    if args.abstract:
        abstract = check_abstract(_read_text_file(args.abstract, "Abstract", 4 * limits.ABSTRACT_CHARS))
    library = open_library(settings)
    result = review(
        ReviewInput(text=text, source=source, paper=paper, abstract=abstract, doi=args.doi),
        settings=settings,
        library=library,
        progress=(lambda m: print(f"… {m}", file=sys.stderr)) if args.verbose else None,
    )
    for notice in result.notices:
        print(f"caveat: note: {notice}", file=sys.stderr)
    _write_output(write_report(result, args.format), args.output, args.format)
    return 0


def cmd_library(args: argparse.Namespace) -> int:
    from retrieval.library import PaperLibrary
    from retrieval.supplied import paper_from_json

    settings = _settings(args)
    # Every paper file is read and checked before the library opens: one bad file adds nothing, and costs no wait.
    papers = []
    if args.action == "add":
        papers = [paper_from_json(_read_text_file(p, "Paper", limits.PAPER_JSON_BYTES)) for p in args.items]
    lib = PaperLibrary.open(settings)
    if args.action == "add":
        for paper in papers:
            key = lib.add(paper)
            print(f"added {key}: {paper.title or '(no title)'}")
    elif args.action == "list":
        for paper in lib.list():
            print(f"{paper.doi or paper.pmid or '-'}\t{paper.published[:4] or '----'}\t{paper.journal}\t{paper.title}")
    elif args.action == "search":
        query = " ".join(args.items)
        if not query.strip():
            raise InputError("library search needs words to search for.")
        for paper, score in lib.search(query, n=args.n):
            print(f"{score:.3f}\t{paper.doi or '-'}\t{paper.title}")
        _print_passages(lib.search_passages(query, n=args.n))
    elif args.action == "remove":
        for key in args.items:
            print(("removed " if lib.remove(key) else "not in the library: ") + key)
    return 0


def _print_passages(passages: list[Passage]) -> None:
    """Full-text passages under the papers: score, paper, section (its kind when untitled), then the words."""
    if passages:
        print("passages:")
    for found in passages:
        where = found.section or found.kind
        words = found.text if len(found.text) <= 240 else found.text[:240].rsplit(" ", 1)[0] + " …"
        print(f"{found.score:.3f}\t{found.doi or found.paper_key}\t{where}\t{words}")


def _eval_sets(args: argparse.Namespace) -> list[str] | None:
    """--sets names the parts; --stories DIR alone scores only the stories, and with --sets adds them."""
    sets = [s.strip() for s in args.sets.split(",") if s.strip()] if args.sets else None
    if args.stories:
        sets = [*(sets or []), "stories"]
    return sets


def cmd_eval(args: argparse.Namespace) -> int:
    from caveat.evaluation.run import run_eval

    result = run_eval(
        data_dir=Path(args.data) if args.data else None,
        sets=_eval_sets(args),
        stories_dir=Path(args.stories) if args.stories else None,
        llm=args.llm,
        limit=args.limit,
        settings=load_settings(),
    )
    print(result.table())
    for reason in result.skipped:
        print(f"caveat eval: skipped {reason}", file=sys.stderr)
    if args.json_out:
        out = Path(args.json_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if result.scored_anything else 1


def cmd_bench(args: argparse.Namespace) -> int:
    from caveat.evaluation.bench import default_folders, format_bench, run_bench

    folders = [Path(f) for f in args.folders] or default_folders()
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        raise InputError(f"no such folder: {', '.join(map(str, missing))}")
    result = run_bench(folders, limit=args.limit)
    sys.stdout.write(format_bench(result))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="caveat", description="A second reader for science stories.")
    parser.add_argument("--version", action="version", version=f"caveat {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="review an article (or a folder / JSON-lines file of them)")
    check.add_argument("article", help="a .txt/.md/.html/.docx/.pdf file, '-' for standard input, or a folder/.jsonl")
    check.add_argument("--paper", help="the paper's metadata as JSON (doi, title, authors, journal, abstract...)")
    check.add_argument("--abstract", help="a text file holding the paper's abstract (gives or replaces it)")
    check.add_argument("--doi", help="the paper's DOI, when the article does not give it")
    check.add_argument("--offline", action="store_true", help="no network: library and supplied paper only")
    check.add_argument("--llm", action="store_true", help="add the language model's review (needs CAVEAT_LLM__*)")
    check.add_argument("--format", default="md", choices=REPORT_FORMATS, help="report format (default md)")
    check.add_argument("-o", "--output", help="write here instead of standard output (a folder in batch mode)")
    check.add_argument("-v", "--verbose", action="store_true", help="print progress on standard error")
    check.add_argument("--jobs", type=int, default=None, help="batch mode: worker processes (default: one per core)")
    check.set_defaults(func=cmd_check)

    lib = sub.add_parser("library", help="the local paper library: add, list, search, remove")
    lib.add_argument("action", choices=("add", "list", "search", "remove"))
    lib.add_argument("items", nargs="*", help="paper JSON files (add), words (search), DOIs or ids (remove)")
    lib.add_argument("-n", type=int, default=5, help="how many search results")
    lib.set_defaults(func=cmd_library)

    ev = sub.add_parser("eval", help="score the checks on the labelled benchmarks and stories")
    ev.add_argument("--data", help="benchmarks folder (default ../shared/data/benchmarks)")
    ev.add_argument("--json", dest="json_out", help="also write the results as JSON here")
    ev.add_argument("--sets", help="comma-separated benchmark sets, 'seed', 'stories', 'own-stories' (default: all)")
    ev.add_argument(
        "--stories", help="score the story folders here (alone unless --sets; default ../shared/data/stories)"
    )
    ev.add_argument("--llm", action="store_true", help="also score with the language model (needs CAVEAT_LLM__*)")
    ev.add_argument("--limit", type=int, default=60, help="items per set for the language-model run")
    ev.set_defaults(func=cmd_eval)

    bench = sub.add_parser("bench", help="speed and memory of the rule path on real articles")
    bench.add_argument("folders", nargs="*", help="folders of articles (default: the HealthNewsReview texts)")
    bench.add_argument("--limit", type=int, default=0, help="at most this many articles (0: all)")
    bench.add_argument("--json", dest="json_out", help="also write the figures as JSON here")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Chroma's import configures the root logger; per-request lines from the HTTP clients are noise on a terminal.
    for name in ("httpx", "httpx2", "chromadb"):
        logging.getLogger(name).setLevel(logging.WARNING)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CaveatError as exc:
        return _fail(str(exc))
    except json.JSONDecodeError as exc:
        return _fail(f"invalid JSON: {exc}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file named on the command line cannot be read or written (permissions, a full disk)
        where = f": {exc.filename}" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}")


if __name__ == "__main__":
    sys.exit(main())
