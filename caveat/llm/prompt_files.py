"""Prompts live in ``prompts/`` as files, one per task, and are read at run time as package data.

Why files: an editor or a maintainer can read and change what the model is told without touching code, and
every change bumps a version that the Review records, so an old review can be traced to the words that
produced it. The format is a small header (``name:``, ``version:``), a ``---`` line, then ``[system]`` and
``[human]`` sections; ``{name}`` fields are filled from the review (LangChain f-string templates).

Why package data: the files are found through ``importlib.resources`` (``caveat/prompts`` links to the top-level
``prompts/`` folder and the wheel ships them), so an installed copy reads its own prompts wherever it runs, instead
of looking for a source tree beside it that a ``pip install`` does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from langchain_core.prompts import ChatPromptTemplate

from caveat.core.errors import InputError

PROMPTS_DIR: Traversable = files("caveat") / "prompts"
"""The installed package's prompts (a plain folder in a checkout or a wheel install, so ``Path`` methods work)."""
_SECTION = re.compile(r"^\[(system|human)\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class LoadedPrompt:
    name: str
    version: str
    template: ChatPromptTemplate

    def render(self, **values: str) -> list[tuple[str, str]]:
        """The messages as (role, text) pairs: what is counted, hashed for the cache and sent."""
        roles = {"system": "system", "human": "human", "ai": "ai"}
        return [(roles.get(m.type, m.type), str(m.content)) for m in self.template.format_messages(**values)]


def prompt_names(folder: Traversable = PROMPTS_DIR) -> list[str]:
    """Every prompt the package ships (``<name>.md``), sorted: what an installed copy can be asked to load."""
    return sorted(p.name.removesuffix(".md") for p in folder.iterdir() if p.name.endswith(".md") and p.is_file())


@lru_cache(maxsize=16)
def load_prompt(name: str, folder: Traversable = PROMPTS_DIR) -> LoadedPrompt:
    """Read ``<folder>/<name>.md``; a malformed file is an InputError naming it, not a KeyError later."""
    path = folder / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"prompt file {path} cannot be read ({exc.strerror or exc})") from exc
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise InputError(f"prompt file {path} has no '---' line after its header")
    header = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in head.splitlines() if ":" in line)
    )
    if header.get("name") != name or not header.get("version"):
        raise InputError(f"prompt file {path} needs 'name: {name}' and a 'version:' in its header")
    parts = _SECTION.split(body)
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if set(sections) != {"system", "human"}:
        raise InputError(f"prompt file {path} needs one [system] and one [human] section")
    template = ChatPromptTemplate.from_messages([(role, sections[role]) for role in ("system", "human")])
    return LoadedPrompt(name=name, version=header["version"], template=template)
