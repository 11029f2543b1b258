"""Where things live: the shared reference data (a user's clone has none), and private folders for the data."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """../shared beside the project, or CAVEAT_SHARED_DIR; may not exist."""
    return Path(os.environ.get("CAVEAT_SHARED_DIR", PROJECT_ROOT.parent / "shared"))


def benchmarks_dir() -> Path:
    return shared_dir() / "data" / "benchmarks"


def private_folder(folder: Path) -> Path:
    """`folder`, created if missing with every new component 0700: the data folder holds drafts under embargo
    (saved reviews), the papers an editor looked up and the answers about them, all for its user's eyes only.

    `Path.mkdir(mode=..., parents=True)` gives the mode to the last component only, so the missing parents are
    made one by one. Folders that already exist are left as they are (the review store tightens its own).
    """
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for part in reversed(missing):
        part.mkdir(mode=0o700, exist_ok=True)
    return folder
