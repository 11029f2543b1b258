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


def test_unknown_top_level_variable_is_an_input_error_naming_it(monkeypatch) -> None:
    """Defect 26: pydantic-settings ignores CAVEAT_DATADIR; `load_settings` refuses it with a hint."""
    import pytest

    from caveat.core.errors import InputError
    from caveat.core.settings import load_settings

    monkeypatch.setenv("CAVEAT_DATADIR", "/tmp/elsewhere")
    with pytest.raises(InputError, match=r"unknown setting CAVEAT_DATADIR \(did you mean CAVEAT_DATA_DIR\?\)"):
        load_settings()


def test_invalid_value_is_one_line_naming_the_variable_without_its_value(monkeypatch) -> None:
    import pytest

    from caveat.core.errors import InputError
    from caveat.core.settings import load_settings

    monkeypatch.setenv("CAVEAT_LLM__API_KEY", "sk-secret")
    monkeypatch.setenv("CAVEAT_LLM__MAX_RETRIES", "sk-secret-too")
    with pytest.raises(InputError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith("setting CAVEAT_LLM__MAX_RETRIES is invalid: input should be a valid integer")
    assert "secret" not in message and "\n" not in message


def test_load_settings_reads_declared_variables_and_tolerates_the_project_s_others(monkeypatch, tmp_path) -> None:
    from caveat.core.settings import NOT_SETTINGS, load_settings

    for name in NOT_SETTINGS:
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("caveat_llm__model", "small-model")  # pydantic-settings is case-insensitive; so is the check
    monkeypatch.setenv("CAVEAT_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.llm.model == "small-model" and settings.data_dir == tmp_path
