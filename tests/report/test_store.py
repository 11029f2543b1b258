"""The saved-reviews store: round trips, ordering, copies, and no decision lost to concurrency or a bad file."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from caveat.core.errors import CaveatError
from caveat.core.models import Decision, Flag, Review
from caveat.desk.store import ReviewStore, merge_decisions

from .test_writers import make_review


def with_many_flags(review: Review, n: int) -> Review:
    """`review` plus n more flags on the same words, so many deciders can each own some."""
    base = review.flags[0]
    extra = [base.model_copy(update={"id": f"extra:{i}"}) for i in range(n)]
    return review.model_copy(update={"flags": [*review.flags, *extra]})


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "nested" / "reviews.sqlite3")


def test_round_trip_keeps_everything_but_bumps_updated_at(store: ReviewStore) -> None:
    review = make_review()
    store.save(review)
    loaded = store.get(review.id)
    assert loaded is not None
    assert loaded.model_dump(exclude={"updated_at"}) == review.model_dump(exclude={"updated_at"})
    assert loaded.updated_at > review.updated_at
    assert loaded.item_decisions[1].note == "Price checked with the shop."  # int keys survive JSON
    assert store.get("no-such-review") is None


def test_database_is_in_wal_mode(store: ReviewStore) -> None:
    store.save(make_review())
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_list_orders_by_last_change_and_summarises(store: ReviewStore) -> None:
    for review_id in ("first", "second", "third"):
        store.save(make_review(review_id))
    assert [row.id for row in store.list()] == ["third", "second", "first"]
    store.set_flag_decision("first", "advice:2", Decision(status="accepted"))
    rows = store.list()
    assert [row.id for row in rows] == ["first", "third", "second"]
    top = rows[0]
    assert top.headline.startswith("Glowberry tea")
    assert (top.paper_doi, top.flag_count) == ("10.5555/invented.2026.0042", 4)
    assert top.open_flags == 0  # the fixture leaves only advice:2 open, now decided
    assert rows[1].open_flags == 1
    assert [row.id for row in store.list(limit=2)] == ["first", "third"]


def test_delete(store: ReviewStore) -> None:
    store.save(make_review("keep"))
    store.save(make_review("drop"))
    store.set_flag_decision("drop", "advice:2", Decision(status="dismissed"))
    assert store.delete("drop") is True
    assert store.get("drop") is None
    assert store.versions("drop") == []
    assert [row.id for row in store.list()] == ["keep"]
    assert store.delete("drop") is False


def test_duplicate_keeps_decisions_under_a_new_id(store: ReviewStore) -> None:
    store.save(make_review("original"))
    store.set_flag_decision("original", "advice:2", Decision(status="edited", edited_message="Reworded."))
    copy = store.duplicate("original")
    assert copy.id != "original"
    assert store.get(copy.id) == copy
    assert copy.flag_decisions["advice:2"].edited_message == "Reworded."
    assert copy.flag_decisions == store.get("original").flag_decisions  # type: ignore[union-attr]  # saved above
    named = store.duplicate("original", new_id="draft-2")
    assert named.id == "draft-2" and named.created_at > make_review().created_at
    store.set_flag_decision("draft-2", "hype:0", Decision(status="dismissed"))
    assert store.get("original").flag_decisions["hype:0"].status == "accepted"  # type: ignore[union-attr]  # saved above
    with pytest.raises(CaveatError, match="already exists"):
        store.duplicate("original", new_id="draft-2")
    with pytest.raises(CaveatError, match="No saved review"):
        store.duplicate("missing")


def test_decisions_are_validated_and_stamped(store: ReviewStore) -> None:
    store.save(make_review())
    with pytest.raises(CaveatError, match="no flag 'nope'"):
        store.set_flag_decision("rev-0001", "nope", Decision(status="accepted"))
    with pytest.raises(CaveatError, match="1 to 12"):
        store.set_item_decision("rev-0001", 13, Decision(status="accepted"))
    with pytest.raises(CaveatError, match="No saved review"):
        store.set_item_decision("ghost", 3, Decision(status="accepted"))
    updated = store.set_item_decision("rev-0001", 7, Decision(status="dismissed", note="No alternatives named."))
    assert updated.item_decisions[7].at  # stamped with the time it was made
    assert store.get("rev-0001") == updated


def test_saving_a_stale_copy_keeps_decisions_made_meanwhile(store: ReviewStore) -> None:
    store.save(make_review())
    stale = store.get("rev-0001")
    assert stale is not None
    store.set_flag_decision("rev-0001", "advice:2", Decision(status="accepted", note="from tab B"))
    stale.flag_decisions["hype:0"] = Decision(status="dismissed", note="from tab A", at="2026-11-20T11:00:00+00:00")
    store.save(stale)
    merged = store.get("rev-0001")
    assert merged is not None
    assert merged.flag_decisions["advice:2"].note == "from tab B"
    assert merged.flag_decisions["hype:0"].note == "from tab A"


@pytest.mark.parametrize(
    ("stored_at", "incoming_at", "winner"),
    [("2026-01-02", "2026-01-01", "stored"), ("2026-01-01", "2026-01-02", "incoming"),
     ("2026-01-01", "2026-01-01", "incoming"), ("", "2026-01-01", "incoming"), ("2026-01-01", "", "incoming")],
)
def test_merge_decisions_prefers_the_later(stored_at: str, incoming_at: str, winner: str) -> None:
    stored = {"f": Decision(status="accepted", note="stored", at=stored_at), "only-stored": Decision()}
    incoming = {"f": Decision(status="dismissed", note="incoming", at=incoming_at)}
    merged = merge_decisions(stored, incoming)
    assert merged["f"].note == winner
    assert "only-stored" in merged


def test_versions_keep_what_was_replaced(store: ReviewStore) -> None:
    store.save(make_review())
    store.set_flag_decision("rev-0001", "advice:2", Decision(status="accepted"))
    store.set_flag_decision("rev-0001", "advice:2", Decision(status="dismissed"))
    history = store.versions("rev-0001")
    statuses = [review.flag_decisions.get("advice:2", Decision()).status for _, review in history]
    assert statuses == ["accepted", "open"]


@pytest.mark.slow  # many threads racing on one SQLite file
def test_threads_deciding_different_flags_all_keep_their_decision(store: ReviewStore) -> None:
    review = with_many_flags(make_review(), 40)
    store.save(review)
    ids = [flag.id for flag in review.flags]
    errors: list[BaseException] = []

    def decide(mine: list[str]) -> None:
        try:
            for flag_id in mine:
                store.set_flag_decision(review.id, flag_id, Decision(status="accepted", note=f"t:{flag_id}"))
        except BaseException as exc:  # surfaced below: a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=decide, args=(ids[i::6],)) for i in range(6)]
    threads += [threading.Thread(target=lambda n=n: store.set_item_decision(review.id, n, Decision(status="accepted")))
                for n in range(1, 13)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    final = store.get(review.id)
    assert final is not None
    assert {fid: d.note for fid, d in final.flag_decisions.items()} == {fid: f"t:{fid}" for fid in ids}
    assert sorted(final.item_decisions) == list(range(1, 13))
    assert store.list()[0].open_flags == 0


def _decide_in_process(db: str, review_id: str, flag_ids: list[str]) -> None:
    store = ReviewStore(Path(db))
    for flag_id in flag_ids:
        store.set_flag_decision(review_id, flag_id, Decision(status="dismissed", note=f"p:{flag_id}"))


@pytest.mark.subprocess
def test_processes_deciding_different_flags_all_keep_their_decision(store: ReviewStore) -> None:
    review = with_many_flags(make_review(), 36)
    store.save(review)
    ids = [flag.id for flag in review.flags]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_decide_in_process, args=(str(store.path), review.id, ids[i::4])) for i in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0, 0, 0, 0]
    final = store.get(review.id)
    assert final is not None
    assert {fid: d.note for fid, d in final.flag_decisions.items()} == {fid: f"p:{fid}" for fid in ids}


def test_a_corrupt_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    junk = b"This is not a database, it is the editor's notes.\n" * 200
    path.write_bytes(junk)
    store = ReviewStore(path)
    for action in (store.list, lambda: store.get("x"), lambda: store.save(make_review())):
        with pytest.raises(CaveatError, match="not a readable Caveat reviews database"):
            action()
    assert path.read_bytes() == junk


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    with pytest.raises(CaveatError, match="not a Caveat reviews database"):
        ReviewStore(path).save(make_review())
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert tables == {"recipes"}


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    ReviewStore(path).save(make_review())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(CaveatError, match="newer Caveat"):
        ReviewStore(path).list()


def test_an_unreadable_saved_review_is_an_error_not_a_loss(store: ReviewStore) -> None:
    store.save(make_review("good"))
    store.save(make_review("bad"))
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE reviews SET body = '{\"id\": \"bad\"}' WHERE id = 'bad'")
    conn.close()
    with pytest.raises(CaveatError, match=r"'bad'.*cannot be read"):
        store.get("bad")
    with pytest.raises(CaveatError, match="cannot be read"):
        store.set_flag_decision("bad", "hype:0", Decision(status="accepted"))
    assert {row.id for row in store.list()} == {"good", "bad"}
    assert store.get("good") is not None


def test_a_file_moved_aside_is_replaced_by_a_new_one(store: ReviewStore, tmp_path: Path) -> None:
    store.save(make_review("before"))
    for suffix in ("", "-wal", "-shm"):
        moved = Path(f"{store.path}{suffix}")
        if moved.exists():
            moved.rename(tmp_path / f"aside{suffix}")
    assert store.list() == []
    store.save(make_review("after"))
    assert [row.id for row in store.list()] == ["after"]


def test_a_path_that_cannot_be_a_database_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(CaveatError, match="Cannot use the saved reviews"):
        ReviewStore(folder).list()


def test_flag_objects_stay_frozen_in_the_store(store: ReviewStore) -> None:
    """The stored flags are the models' own frozen Flags: a decision never edits a flag itself."""
    store.save(make_review())
    store.set_flag_decision("rev-0001", "hype:0", Decision(status="edited", edited_message="Softer."))
    loaded = store.get("rev-0001")
    assert loaded is not None
    flag = next(f for f in loaded.flags if f.id == "hype:0")
    assert isinstance(flag, Flag) and flag.message == make_review().flags[0].message


def test_replace_drops_decisions_the_new_copy_does_not_carry_and_keeps_a_version(store: ReviewStore) -> None:
    review = make_review()
    store.save(review)
    flag = review.flags[0].id
    store.set_flag_decision(review.id, flag, Decision(status="accepted", note="old"))
    rechecked = review.model_copy(update={"flag_decisions": {}})
    store.replace(rechecked)
    saved = store.get(review.id)
    assert saved is not None and flag not in saved.flag_decisions, "save() would have merged the old one back"
    assert store.versions(review.id)[0][1].flag_decisions[flag].note == "old"


# --- issue 12: private files (#27), a disk that cannot be written (#19), a corrupt file moved aside (#4) ---------


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_store_is_readable_by_its_user_alone(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "data" / "reviews.sqlite3")
    store.save(make_review())
    assert _mode(store.path.parent) == 0o700
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{store.path}{suffix}")
        if part.exists():
            assert _mode(part) == 0o600, part


def test_an_existing_open_store_is_tightened_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    ReviewStore(folder / "reviews.sqlite3").save(make_review())
    folder.chmod(0o755)
    (folder / "reviews.sqlite3").chmod(0o644)
    store = ReviewStore(folder / "reviews.sqlite3")
    assert store.get(make_review().id) is not None
    assert (_mode(folder), _mode(store.path)) == (0o700, 0o600)


def _read_on_a_full_disk(db: str, review_id: str, flag_id: str, out: multiprocessing.Queue[object]) -> None:
    """In a child whose files cannot grow by one byte (RLIMIT_FSIZE 0): what a full disk does to every write."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    store = ReviewStore(Path(db))
    result: dict[str, object] = {}
    try:
        result["listed"] = [row.id for row in store.list()]
        review = store.get(review_id)
        result["note"] = review.flag_decisions[flag_id].note if review else None
        try:
            store.set_flag_decision(review_id, flag_id, Decision(status="dismissed", note="lost?"))
            result["saved"] = "no error"
        except CaveatError as exc:
            result["saved"] = str(exc)
        result["status"] = store.status()
    except BaseException as exc:  # the parent shows what broke
        result["error"] = f"{type(exc).__name__}: {exc}"
    out.put(result)


@pytest.mark.subprocess
def test_saved_reviews_are_read_when_the_disk_is_full(store: ReviewStore) -> None:
    review = make_review()
    store.save(review)
    flag = review.flags[0].id
    store.set_flag_decision(review.id, flag, Decision(status="accepted", note="kept"))
    before = store.path.read_bytes()
    out: multiprocessing.Queue[object] = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_read_on_a_full_disk, args=(str(store.path), review.id, flag, out))
    proc.start()
    result = out.get(timeout=120)
    proc.join(timeout=60)
    assert isinstance(result, dict) and "error" not in result, result
    assert result["listed"] == [review.id] and result["note"] == "kept"
    assert "Could not save" in str(result["saved"]) and "can still be read" in str(result["saved"])
    assert "Decisions cannot be saved until the disk is writable" in str(result["status"])
    assert store.path.read_bytes() == before
    assert store.get(review.id).flag_decisions[flag].note == "kept"  # type: ignore[union-attr]  # saved above


def test_a_store_already_set_up_is_opened_without_writing(store: ReviewStore) -> None:
    store.save(make_review())
    fresh = ReviewStore(store.path)
    changes: list[str] = []
    real = sqlite3.connect

    def watched(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[call-overload]  # passed through as given
        conn.set_trace_callback(changes.append)
        return conn

    import caveat.desk.store as module

    module.sqlite3.connect = watched  # type: ignore[assignment]  # restored below
    try:
        assert [row.id for row in fresh.list()] == [make_review().id]
    finally:
        module.sqlite3.connect = real
    writes = [sql for sql in changes if sql.lstrip().upper().startswith(("CREATE", "PRAGMA USER_VERSION =",
                                                                          "PRAGMA JOURNAL_MODE =", "INSERT"))]
    assert writes == []


def test_a_corrupt_file_can_be_moved_aside_keeping_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    junk = b"SQLite format 3\x00" + b"\xff" * 5000
    path.write_bytes(junk)
    store = ReviewStore(path)
    with pytest.raises(CaveatError, match="not a readable"):
        store.check()
    notice = store.check(move_unreadable=True)
    assert "moved aside unchanged" in notice and "\n" not in notice
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("reviews.sqlite3.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == junk and str(aside[0]) in notice
    store.save(make_review())
    assert [row.id for row in store.list()] == [make_review().id]
    assert store.check(move_unreadable=True) == ""


def _decide_until_killed(db: str, review_id: str, flag_ids: list[str], acked: multiprocessing.Queue[str]) -> None:
    store = ReviewStore(Path(db))
    for round_ in range(10_000):
        for fid in flag_ids:
            store.set_flag_decision(review_id, fid, Decision(status="accepted", note=f"{round_}"))
            acked.put(f"{fid}={round_}")  # told only once the write has committed


@pytest.mark.subprocess
def test_no_acknowledged_decision_is_lost_to_kill_9(store: ReviewStore) -> None:
    """The guarantee the issue measured (25 kill -9s, nothing lost) still holds with the new open path."""
    import os
    import queue
    import signal

    review = with_many_flags(make_review(), 6)
    store.save(review)
    ids = [f.id for f in review.flags][:6]
    for attempt in range(3):
        acked: multiprocessing.Queue[str] = multiprocessing.Queue()
        proc = multiprocessing.Process(target=_decide_until_killed, args=(str(store.path), review.id, ids, acked))
        proc.start()
        last: dict[str, int] = {}
        while len(last) < len(ids) or sum(last.values()) < 5 * len(ids) * (attempt + 1):
            fid, round_ = acked.get(timeout=120).split("=")
            last[fid] = int(round_)
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=60)
        try:
            while True:
                fid, round_ = acked.get(timeout=1).split("=")
                last[fid] = int(round_)
        except queue.Empty:
            pass
        saved = ReviewStore(store.path).get(review.id)
        assert saved is not None
        for fid, acked_round in last.items():
            assert int(saved.flag_decisions[fid].note) >= acked_round, (fid, acked_round)
