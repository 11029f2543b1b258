"""Issue 12 #27 beyond the page: whatever door creates the data folder (the command line's cache or library, the
page's store), it and the folders under it are the user's alone (0700)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from caveat.core.paths import private_folder
from caveat.core.settings import Settings
from retrieval.http import ResponseCache


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_missing_component_is_created_0700(tmp_path: Path) -> None:
    target = private_folder(tmp_path / "data" / "cache" / "http")
    for part in (tmp_path / "data", tmp_path / "data" / "cache", target):
        assert _mode(part) == 0o700, part


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    private_folder(shared / "mine")
    assert _mode(shared) == 0o755 and _mode(shared / "mine") == 0o700


def test_the_response_cache_creates_a_private_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    ResponseCache(settings.cache_dir / "http.sqlite3")
    assert _mode(tmp_path / "data") == 0o700 and _mode(settings.cache_dir) == 0o700


@pytest.mark.slow  # opens the embedded Chroma
def test_the_library_creates_a_private_data_folder(tmp_path: Path) -> None:
    from retrieval.library import PaperLibrary

    settings = Settings(data_dir=tmp_path / "data")
    PaperLibrary.open(settings)
    assert _mode(tmp_path / "data") == 0o700 and _mode(settings.library_path) == 0o700
