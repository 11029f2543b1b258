"""Suite-wide isolation: every test run gets its own data folder, so no test reads or writes the user's
reviews, library or settings, and Chroma never phones home."""

from __future__ import annotations

import os
import tempfile

import pytest

_DATA_DIR = tempfile.mkdtemp(prefix="caveat-tests-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["CAVEAT_DATA_DIR"] = _DATA_DIR
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    for name in list(os.environ):
        if name.startswith("CAVEAT_LLM__") or name.startswith("OPENAI_"):
            del os.environ[name]
