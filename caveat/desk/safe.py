"""Outside text made safe to show on the page, and any error made one line the editor can read.

Why: Streamlit draws most strings as Markdown (headers, captions, alerts, button and expander labels, a status's
lines). An article, a paper's title or journal, an API's error or a model's message is data, never markup: left
as it is, `![x](http://host/beacon)` in a paper title made the browser fetch a URL of the title's choosing, and
links in an article became live. Every ASCII punctuation character is backslash-escaped (CommonMark's escape,
which also stops raw HTML and `$` maths), and bare links are broken invisibly, so the text shows literally.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
import string

from pydantic import ValidationError

from caveat.core.errors import CaveatError
from caveat.core.text import neutralise_bidi

__all__ = ["describe", "label", "md", "one_line"]

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACE = re.compile(r"\s+")
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)|(?<=www)(?=\.)|(?=@)")
"""Where GitHub-flavoured Markdown starts a bare link ("http:", "www.", "@" of an address). Streamlit finds these
in the text after escapes are read (measured in Chromium: an escaped `http\\://host` still became a live link), so
a WORD JOINER (U+2060, invisible, no width) goes between the scheme and its colon, "www" and its dot, and before
"@": the words look the same and no link is made."""
_JOINER = "\u2060"
MAX_LINE = 400
"""Characters of one error line: enough for a path and a reason, short enough to stay one line on the page."""


def md(text: str) -> str:
    """`text` as literal Markdown: every ASCII punctuation character escaped, bidi controls made visible, and the
    starts of bare links broken by an invisible word joiner (see `_AUTOLINK`)."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(_JOINER, neutralise_bidi(text)))


def label(text: str, limit: int = 0) -> str:
    """`text` for a one-line label (button, expander, header): one line, at most `limit` characters, literal."""
    flat = _SPACE.sub(" ", neutralise_bidi(text)).strip()
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return md(flat)


def describe(exc: BaseException) -> str:
    """What went wrong in one plain line, without a traceback: the message of an error Caveat raised, the first
    problem of a validation error (named by its field), or the kind of an unexpected one."""
    if isinstance(exc, CaveatError):
        text = str(exc)
    elif isinstance(exc, ValidationError):
        first = exc.errors()[0]
        parts = [str(part) for part in first["loc"]]
        where = ".".join(parts)
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        text = f"{where}: {first['msg']}{more}" if parts else f"{first['msg']}{more}"
    elif isinstance(exc, RecursionError):
        text = "it is nested too deeply to read"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return one_line(text)


def one_line(text: str) -> str:
    """`text` on one line of at most MAX_LINE characters."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= MAX_LINE else flat[: MAX_LINE - 1].rstrip() + "…"
