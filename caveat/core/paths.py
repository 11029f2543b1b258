"""Where the shared reference data lives, when it is there at all (a user's clone has no ../shared)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """../shared beside the project, or CAVEAT_SHARED_DIR; may not exist."""
    return Path(os.environ.get("CAVEAT_SHARED_DIR", PROJECT_ROOT.parent / "shared"))


def benchmarks_dir() -> Path:
    return shared_dir() / "data" / "benchmarks"
