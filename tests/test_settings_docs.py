"""Every setting is documented in the README's settings table, and the README documents no setting that is gone."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from caveat.core.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def _declared() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            names |= {f"CAVEAT_{name.upper()}__{sub.upper()}" for sub in section.model_fields}
        else:
            names.add(f"CAVEAT_{name.upper()}")
    return names


def test_readme_documents_exactly_the_declared_settings() -> None:
    table = {m for m in re.findall(r"^\| `(CAVEAT_[A-Z_]+)`", README.read_text(encoding="utf-8"), re.MULTILINE)}
    declared = _declared()
    assert declared - table == set(), f"settings missing from the README: {sorted(declared - table)}"
    assert table - declared == set(), f"README documents unknown settings: {sorted(table - declared)}"


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            for sub, f in section.model_fields.items():
                assert f.description, f"{name}.{sub}"


def test_unknown_environment_setting_is_an_error(monkeypatch) -> None:
    import pytest
    from pydantic import ValidationError

    monkeypatch.setenv("CAVEAT_LLM__MODLE", "typo")
    with pytest.raises(ValidationError):
        Settings()
