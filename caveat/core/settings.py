"""Settings, declared once with their help text.

Read from the environment (prefix ``CAVEAT_``, nested with ``__``, e.g. ``CAVEAT_LLM__MODEL``) and from the
page's sidebar. Unknown keys are rejected so that a typo in a variable name is an error, not a silent default.
The README's settings table is checked against these declarations by a test.

pydantic-settings rejects an unknown key inside a section (``CAVEAT_LLM__MODLE``) but silently ignores an unknown
top-level variable (``CAVEAT_DATADIR``), so `load_settings` checks every ``CAVEAT_*`` name against the
declarations itself, and turns any invalid value into one line naming the variable: the doors call it, never
``Settings()`` bare, so a typo is an error the editor can read rather than a default or a traceback.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from caveat.core.errors import InputError

PREFIX = "CAVEAT_"
NOT_SETTINGS = frozenset({"CAVEAT_SHARED_DIR", "CAVEAT_REQUIRE_BROWSER"})
"""``CAVEAT_*`` variables that are not settings: where the labelled data lives, and a switch of the test suite."""


def default_data_dir() -> Path:
    """The user's data directory: reviews, the paper library and caches live here unless told otherwise."""
    return Path(platformdirs.user_data_dir("caveat", appauthor=False))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApiSettings(_Section):
    """The scholarly APIs (Crossref, Europe PMC, PubMed, OpenAlex, Semantic Scholar, arXiv, bioRxiv, eLife)."""

    offline: bool = Field(False, description="Never use the network: library and editor-supplied papers only.")
    contact_email: str = Field(
        "caveat-user@example.org",
        description="Contact address sent in the User-Agent, as the APIs ask of polite clients.",
    )
    timeout_s: float = Field(10.0, gt=0, description="Seconds to wait for one HTTP request.")
    retries: int = Field(2, ge=0, le=6, description="Retries on 429 and 5xx (never on 404), with backoff.")
    deadline_s: float = Field(30.0, gt=0, description="Seconds the whole paper lookup may take before giving up.")
    openalex_api_key: SecretStr | None = Field(None, description="OpenAlex API key (required there since 2026-02).")
    semantic_scholar_api_key: SecretStr | None = Field(None, description="Semantic Scholar API key (optional).")
    ncbi_api_key: SecretStr | None = Field(None, description="NCBI E-utilities API key (raises the rate limit).")
    crossref_url: str = Field("https://api.crossref.org", description="Crossref REST API root.")
    europepmc_url: str = Field(
        "https://www.ebi.ac.uk/europepmc/webservices/rest", description="Europe PMC REST API root."
    )
    pubmed_url: str = Field("https://eutils.ncbi.nlm.nih.gov/entrez/eutils", description="NCBI E-utilities root.")
    openalex_url: str = Field("https://api.openalex.org", description="OpenAlex API root.")
    semantic_scholar_url: str = Field(
        "https://api.semanticscholar.org/graph/v1", description="Semantic Scholar Graph API root."
    )
    arxiv_url: str = Field("https://export.arxiv.org/api", description="arXiv API root.")
    biorxiv_url: str = Field("https://api.biorxiv.org", description="bioRxiv / medRxiv API root.")
    elife_url: str = Field("https://api.elifesciences.org", description="eLife API root (assessments).")


class LibrarySettings(_Section):
    """The local paper library (Chroma)."""

    path: Path | None = Field(None, description="Folder of the embedded library; default: <data_dir>/library.")
    server_url: str | None = Field(
        None, description="URL of a shared Chroma server (e.g. http://127.0.0.1:8000); overrides path."
    )
    collection: str = Field("caveat-papers", description="Chroma collection name.")


class LlmSettings(_Section):
    """The optional language-model reviewer: any OpenAI-compatible server."""

    enabled: bool = Field(False, description="Use the language model in addition to the rules.")
    api_key: SecretStr | None = Field(None, description="API key; never written to logs, reviews or reports.")
    base_url: str | None = Field(
        None, description="OpenAI-compatible base URL (Ollama: http://127.0.0.1:11434/v1); default: OpenAI."
    )
    model: str = Field("gpt-4o-mini", description="Model name as the server knows it.")
    timeout_s: float = Field(60.0, gt=0, description="Seconds one model call may take, its body and retries included.")
    max_retries: int = Field(2, ge=0, le=6, description="Retries of a failed model call.")
    deadline_s: float = Field(
        180.0, gt=0, description="Seconds the whole language-model pass may take, across calls and retries."
    )
    max_cost_usd: float = Field(0.05, ge=0, description="Most the model may spend on one article (estimate).")
    concurrency: int = Field(4, ge=1, le=16, description="Model calls in flight at once.")
    context_tokens: int = Field(128000, ge=1024, description="The model's context window, in tokens.")
    input_usd_per_mtok: float = Field(0.15, ge=0, description="Price of a million input tokens, for the estimate.")
    output_usd_per_mtok: float = Field(0.60, ge=0, description="Price of a million output tokens.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CAVEAT_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    data_dir: Path = Field(default_factory=default_data_dir, description="Where reviews, library and caches live.")
    apis: ApiSettings = Field(default_factory=ApiSettings, description="The scholarly APIs.")
    library: LibrarySettings = Field(default_factory=LibrarySettings, description="The local paper library.")
    llm: LlmSettings = Field(default_factory=LlmSettings, description="The optional language model.")

    def offline(self) -> Settings:
        """A copy that never uses the network: for the demo, the benchmarks and `--offline`."""
        return self.model_copy(update={"apis": self.apis.model_copy(update={"offline": True})})

    @property
    def library_path(self) -> Path:
        return self.library.path or self.data_dir / "library"

    @property
    def reviews_db(self) -> Path:
        return self.data_dir / "reviews.sqlite3"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def declared_variables() -> set[str]:
    """Every environment variable a setting is read from: each field, and each section as a whole (JSON)."""
    names = set()
    for name, field in Settings.model_fields.items():
        names.add(f"{PREFIX}{name.upper()}")
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            names |= {f"{PREFIX}{name.upper()}__{sub.upper()}" for sub in section.model_fields}
    return names


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """``CAVEAT_*`` variables set in the environment that no setting reads (case-insensitive, as pydantic is)."""
    declared = declared_variables() | NOT_SETTINGS
    env = os.environ if environ is None else environ
    return sorted(name for name in env if name.upper().startswith(PREFIX) and name.upper() not in declared)


def _variable(loc: tuple[int | str, ...]) -> str:
    return PREFIX + "__".join(str(part) for part in loc).upper()


def load_settings(**values: Any) -> Settings:
    """The settings from the environment (and `values`, e.g. the page's saved ones), or one clear InputError.

    Unknown ``CAVEAT_*`` variables are refused first, with the closest declared name as a hint; then an invalid
    value names its variable and what is wrong. The value itself is never echoed: it may be a key.
    """
    unknown = unknown_variables()
    if unknown:
        name = unknown[0]
        close = difflib.get_close_matches(name.upper(), sorted(declared_variables()), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise InputError(f"unknown setting {name}{hint}: unset it or use a variable from the README's Settings table")
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = first["msg"][:1].lower() + first["msg"][1:]
        if first["type"] == "extra_forbidden":
            problem = "no such setting"
        raise InputError(f"setting {_variable(first['loc'])} is invalid: {problem}") from exc
    except SettingsError as exc:  # a whole section given as invalid JSON (CAVEAT_LLM='{...')
        field = re.search(r'field "(\w+)"', str(exc))
        name = _variable((field.group(1),)) if field else f"a {PREFIX}* variable"
        raise InputError(
            f"setting {name} cannot be read: it must be valid JSON, or use its {name}__* variables"
        ) from exc
