"""The saved reviews: one SQLite file that the page, the command line and several browser tabs share.

Why it is built this way:
- A connection per call, never shared: Streamlit runs each session in its own thread and sqlite3
  connections must not cross threads; opening one costs well under a millisecond.
- WAL mode and a busy timeout, so readers never block the writer and two writers queue instead of failing.
- An editor's decision is one read-modify-write inside `BEGIN IMMEDIATE` (the write lock is taken before
  the read), so two tabs deciding different flags of the same review both keep their decision.
- Saving a whole review never silently drops a decision made meanwhile elsewhere: for each flag or item,
  the stored and the incoming decision are merged and the one stamped later wins.
- Each change keeps the previous version of the review (the last `KEEP_VERSIONS`), so a mistaken click
  or a re-run can be undone by hand.
- A file that is not a readable reviews database is reported in one line and left exactly as it is.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from caveat.core.errors import CaveatError
from caveat.core.models import Decision, Review
from caveat.core.paths import private_folder

K = TypeVar("K", str, int)

SCHEMA_VERSION = 1
KEEP_VERSIONS = 20
BUSY_TIMEOUT_MS = 15_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY,
    headline TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    paper_doi TEXT,
    paper_title TEXT,
    flag_count INTEGER NOT NULL,
    open_flags INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_by_update ON reviews (updated_at DESC, created_at DESC);
CREATE TABLE IF NOT EXISTS review_versions (
    review_id TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_review ON review_versions (review_id, saved_at);
"""


def now() -> str:
    """UTC to the microsecond, so that two quick saves still order correctly."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ReviewSummary:
    """One line of the saved-reviews list: enough to choose a review without loading it."""

    id: str
    headline: str
    created_at: str
    updated_at: str
    paper_doi: str | None
    paper_title: str | None
    flag_count: int
    open_flags: int
    """Flags the editor has not decided yet."""


def open_flag_count(review: Review) -> int:
    decisions = review.flag_decisions
    return sum(1 for flag in review.flags if flag.id not in decisions or decisions[flag.id].status == "open")


def merge_decisions(stored: dict[K, Decision], incoming: dict[K, Decision]) -> dict[K, Decision]:
    """Both sides' decisions; where both decided the same thing, the later `at` wins (a tie: incoming).

    A tab that loaded a review before another tab decided a flag does not know of that decision; saving
    its copy must not erase it.
    """
    merged = dict(stored)
    for key, decision in incoming.items():
        old = merged.get(key)
        if old is None or not old.at or not decision.at or decision.at >= old.at:
            merged[key] = decision
    return merged


class StoreUnreadable(CaveatError):
    """The file is not a readable SQLite database (corrupt, truncated, or another kind of file)."""


class ReviewStore:
    """The saved reviews in the SQLite file at `path` (created with its folder on first use, readable by the user
    alone: 0700 for the folder, 0600 for the file)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False
        self.read_only_reason = ""
        """Why the file cannot be written just now (read-only disk, disk full); empty when it can."""
        self.moved_aside = ""
        """The line `check` said when it moved an unreadable file aside, kept so every later page can say it too."""

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def status(self) -> str:
        """One line for the editor when saving is impossible just now; empty when all is well."""
        if not self.read_only:
            return ""
        return (f"Saved reviews can be read but nothing can be saved: {self.path} cannot be written "
                f"({self.read_only_reason}). Decisions cannot be saved until the disk is writable again.")

    def check(self, move_unreadable: bool = False) -> str:
        """Open the file once and return what the editor must know about it in one line ('' when all is well).

        With `move_unreadable`, a file that is not a readable database is moved aside (every byte kept) and a new
        one is started, so the page works again; the line says where the old file went. Other errors (a newer
        Caveat's file, another program's database) are raised, and the file is left as it is.
        """
        try:
            with self._read():
                pass
        except StoreUnreadable as exc:
            if not move_unreadable:
                raise
            target = self.move_aside()
            cause = exc.__cause__ or exc
            self.moved_aside = (f"{self.path.name} could not be read ({cause}); it was moved aside unchanged to "
                                f"{target} and a new one was started. Restore it from a backup if it held reviews.")
            return self.moved_aside
        return self.status()

    def move_aside(self) -> Path:
        """Rename the file (and its -wal and -shm) to `<name>.unreadable-<UTC time>`, keeping every byte, so that a
        new store can start in its place; returns the new name."""
        target = self.path.with_name(f"{self.path.name}.unreadable-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{target}{suffix}"))
        self._ready = False
        return target

    # --- public API -------------------------------------------------------------------------------------

    def save(self, review: Review) -> None:
        """Insert or replace `review`, keeping decisions stored meanwhile; its `updated_at` becomes now."""
        with self._write() as conn:
            stored = self._load(conn, review.id)
            if stored is not None:
                review = review.model_copy(update={
                    "flag_decisions": merge_decisions(stored.flag_decisions, review.flag_decisions),
                    "item_decisions": merge_decisions(stored.item_decisions, review.item_decisions),
                })
            self._put(conn, review, previous=stored)

    def replace(self, review: Review) -> Review:
        """Store `review` exactly as given (its decisions included), keeping the one it replaces as a version.

        For a re-check, whose decisions were already carried over to the new flags: merging the old ones back
        would resurrect decisions on flags that are gone.
        """
        with self._write() as conn:
            return self._put(conn, review, previous=self._load(conn, review.id))

    def get(self, review_id: str) -> Review | None:
        with self._read() as conn:
            return self._load(conn, review_id)

    def list(self, limit: int = 100) -> list[ReviewSummary]:
        """The most recently changed reviews first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, headline, created_at, updated_at, paper_doi, paper_title, flag_count, open_flags "
                "FROM reviews ORDER BY updated_at DESC, created_at DESC, id LIMIT ?",
                (max(0, limit),),
            ).fetchall()
        return [ReviewSummary(*row) for row in rows]

    def delete(self, review_id: str) -> bool:
        """Remove a review and its earlier versions; False when there was none."""
        with self._write() as conn:
            gone = conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,)).rowcount
            conn.execute("DELETE FROM review_versions WHERE review_id = ?", (review_id,))
        return gone > 0

    def duplicate(self, review_id: str, new_id: str | None = None) -> Review:
        """A saved copy under a new id, decisions kept: the start of a review of the writer's next draft."""
        with self._write() as conn:
            original = self._require(conn, review_id)
            new_id = new_id or uuid.uuid4().hex
            if self._load(conn, new_id) is not None:
                raise CaveatError(f"A saved review with id {new_id!r} already exists; choose another id.")
            stamp = now()
            copy = original.model_copy(deep=True, update={"id": new_id, "created_at": stamp})
            return self._put(conn, copy, previous=None, stamp=stamp)

    def set_flag_decision(self, review_id: str, flag_id: str, decision: Decision) -> Review:
        """Record the editor's decision on one flag, leaving every other decision as stored."""

        def change(review: Review) -> None:
            if flag_id not in {flag.id for flag in review.flags}:
                raise CaveatError(f"Review {review_id!r} has no flag {flag_id!r}.")
            review.flag_decisions[flag_id] = _stamped(decision)

        return self._update(review_id, change)

    def set_item_decision(self, review_id: str, number: int, decision: Decision) -> Review:
        """Record the editor's decision on one checklist item (1-12)."""

        def change(review: Review) -> None:
            if not 1 <= number <= 12:
                raise CaveatError(f"Checklist items are numbered 1 to 12, not {number}.")
            review.item_decisions[number] = _stamped(decision)

        return self._update(review_id, change)

    def versions(self, review_id: str) -> builtins.list[tuple[str, Review]]:  # `list` is a method here
        """Earlier versions of a review, newest first, as (when it was replaced, the review then)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT saved_at, body FROM review_versions WHERE review_id = ? ORDER BY saved_at DESC, rowid DESC",
                (review_id,),
            ).fetchall()
        return [(saved_at, self._parse(body, review_id)) for saved_at, body in rows]

    # --- internals ----------------------------------------------------------------------------------------

    def _update(self, review_id: str, change: Callable[[Review], None]) -> Review:
        with self._write() as conn:
            review = self._require(conn, review_id)
            previous = review.model_copy(deep=True)
            change(review)
            return self._put(conn, review, previous=previous)

    def _put(self, conn: sqlite3.Connection, review: Review, previous: Review | None,
             stamp: str | None = None) -> Review:
        stamp = stamp or now()
        review = review.model_copy(update={"updated_at": stamp})
        paper = review.paper
        conn.execute(
            "INSERT INTO reviews (id, headline, created_at, updated_at, paper_doi, paper_title, flag_count, "
            "open_flags, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "headline = excluded.headline, created_at = excluded.created_at, updated_at = excluded.updated_at, "
            "paper_doi = excluded.paper_doi, paper_title = excluded.paper_title, "
            "flag_count = excluded.flag_count, open_flags = excluded.open_flags, body = excluded.body",
            (
                review.id, review.article.headline, review.created_at, stamp,
                paper.doi if paper else None, paper.title if paper else None,
                len(review.flags), open_flag_count(review), review.model_dump_json(),
            ),
        )
        if previous is not None:
            conn.execute("INSERT INTO review_versions (review_id, saved_at, body) VALUES (?, ?, ?)",
                         (review.id, stamp, previous.model_dump_json()))
            conn.execute(
                "DELETE FROM review_versions WHERE review_id = ? AND rowid NOT IN (SELECT rowid FROM "
                "review_versions WHERE review_id = ? ORDER BY saved_at DESC, rowid DESC LIMIT ?)",
                (review.id, review.id, KEEP_VERSIONS),
            )
        return review

    def _load(self, conn: sqlite3.Connection, review_id: str) -> Review | None:
        row = conn.execute("SELECT body FROM reviews WHERE id = ?", (review_id,)).fetchone()
        return None if row is None else self._parse(row[0], review_id)

    def _require(self, conn: sqlite3.Connection, review_id: str) -> Review:
        review = self._load(conn, review_id)
        if review is None:
            raise CaveatError(f"No saved review with id {review_id!r} in {self.path}.")
        return review

    def _parse(self, body: str, review_id: str) -> Review:
        try:
            return Review.model_validate_json(body)
        except ValidationError as exc:
            raise CaveatError(
                f"Saved review {review_id!r} in {self.path} cannot be read ({exc.error_count()} problems); "
                "it was left as it is."
            ) from exc

    def _connect(self, write: bool) -> sqlite3.Connection:
        """A fresh connection in autocommit mode: transactions are opened explicitly where needed.

        A file that cannot be written (read-only mount, full disk) is still read: through a read-only connection
        when a read-write one cannot be had, and the store remembers why, so the page can say so.
        """
        if self._ready and not self.path.exists():
            self._ready = False  # moved aside by the editor since: start a new one, as for a first run
        if self.read_only and not write:
            return self._connect_read_only()
        try:
            conn = self._connect_read_write()
        except sqlite3.OperationalError as exc:
            if write or not _cannot_write(exc) or not self.path.is_file():
                raise
            self.read_only_reason = _reason(exc)
            return self._connect_read_only()
        if not self.read_only and not _writable(self.path):
            self.read_only_reason = "the file or its folder is read-only"
        return conn

    def _connect_read_write(self) -> sqlite3.Connection:
        if not self._ready:
            self._secure()
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not self._ready:
                self._prepare(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        """Read-only; when even the WAL index cannot be created (full disk), as an immutable file, the last resort."""
        last: sqlite3.Error | None = None
        for query in ("mode=ro", "immutable=1"):
            conn = sqlite3.connect(f"{self.path.absolute().as_uri()}?{query}", uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                self._check_ours(conn)
                return conn
            except sqlite3.OperationalError as exc:
                conn.close()
                last = exc
            except BaseException:
                conn.close()
                raise
        assert last is not None  # the loop ran and every attempt failed
        raise last

    def _secure(self) -> None:
        """The folder 0700 and the file 0600, created so or tightened: drafts under embargo are the user's alone."""
        folder = self.path.parent
        try:
            private_folder(folder)
        except OSError as exc:
            raise CaveatError(f"Cannot create the folder for saved reviews {folder}: {exc}") from exc
        _tighten_folder(folder)
        if not self.path.exists():
            # Already there (another process) or not writable: SQLite says which, in one line.
            with contextlib.suppress(OSError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        for suffix in ("", "-wal", "-shm"):
            _tighten(Path(f"{self.path}{suffix}"), 0o600)

    def _check_ours(self, conn: sqlite3.Connection) -> tuple[int, set[str]]:
        """The file's schema version and tables, refusing a newer Caveat's file and another program's database."""
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > SCHEMA_VERSION:
            raise CaveatError(
                f"{self.path} was written by a newer Caveat (schema {version}); update Caveat to open it."
            )
        if tables and "reviews" not in tables:
            raise CaveatError(
                f"{self.path} is an SQLite file but not a Caveat reviews database; it was left untouched. "
                "Point CAVEAT_DATA_DIR elsewhere or move the file aside."
            )
        return version, tables

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check the file is ours (or empty), switch it to WAL, create the tables: once per store object.

        Writes only what is missing, so a store already set up is opened without writing (a full disk or a
        read-only mount must not stop the editor reading saved reviews).
        """
        version, tables = self._check_ours(conn)
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if mode != "wal" or version != SCHEMA_VERSION or not {"reviews", "review_versions"} <= tables:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)  # idempotent, so two processes preparing at once is harmless
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._ready = True

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._errors(write=False):
            conn = self._connect(write=False)
            try:
                yield conn
            finally:
                conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock from its first read to its commit."""
        with self._errors(write=True):
            conn = self._connect(write=True)
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            finally:
                conn.close()
        if _writable(self.path):
            self.read_only_reason = ""  # written: the disk has room again

    @contextmanager
    def _errors(self, write: bool) -> Iterator[None]:
        """SQLite's errors as one line the editor can act on; nothing is deleted or recreated to 'fix' it."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise CaveatError(
                    f"The saved reviews in {self.path} are busy (another window is writing); try again."
                ) from exc
            if write and _cannot_write(exc) and self.path.is_file():
                self.read_only_reason = _reason(exc)
                raise CaveatError(
                    f"Could not save to {self.path}: {self.read_only_reason}. Nothing was changed and saved reviews "
                    "can still be read; free some disk space or make it writable, then try again."
                ) from exc
            raise CaveatError(f"Cannot use the saved reviews in {self.path}: {text}.") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreUnreadable(
                f"{self.path} is not a readable Caveat reviews database ({exc}); it was left untouched. "
                "Move it aside (or restore a backup) and Caveat will start a new one."
            ) from exc


_CANNOT_WRITE = ("readonly", "read-only", "disk is full", "disk i/o error", "unable to open database file")


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    """SQLite's ways of saying the file or its disk cannot take a write (as opposed to a lock or a bad file)."""
    text = str(exc).lower()
    return any(part in text for part in _CANNOT_WRITE)


def _reason(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the file or its disk is read-only"
    return f"the disk refused the write ({exc})"


def _writable(path: Path) -> bool:
    """Whether the file and its folder can be written (False on a read-only mount, even for root)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _tighten(path: Path, mode: int) -> None:
    """Drop the group and other bits of an existing file or folder of ours; quietly leave what cannot change."""
    try:
        st = path.stat()
        if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & ~mode:
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # missing, not ours, or on a read-only disk: nothing to tighten here


def _tighten_folder(folder: Path) -> None:
    """The data folder 0700, unless it is a shared place (sticky like /tmp) or the home folder itself."""
    try:
        st = folder.stat()
        home = Path.home().resolve()
    except (OSError, RuntimeError):
        return
    if st.st_mode & stat.S_ISVTX or folder.resolve() == home:
        return
    _tighten(folder, 0o700)


def _stamped(decision: Decision) -> Decision:
    """A decision carries when it was made, which is what lets a later whole-review save merge it."""
    return decision if decision.at else decision.model_copy(update={"at": now()})
