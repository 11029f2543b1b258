"""Read what the editor uploads as the article: a draft in text, Markdown, a web page, Word or PDF.

Every flag points at character offsets into the article text, so the reader must give the words of the story
and nothing else: no menus, cookie banners or footers from a saved web page, no hyphens left over from a PDF's
line breaks. Whatever cannot be read is refused with one clear line the editor can act on ("scanned PDF:
paste the text instead"), never with a stack trace and never silently as garbage.

The paper's own PDF is read in `retrieval.paper_pdf`, which shares the PDF helpers here.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import re
import statistics
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, CData, Comment, NavigableString, Tag

from caveat.core import limits
from caveat.core.errors import InputError

__all__ = [
    "ARTICLE_EXTENSIONS",
    "HYPHEN_BREAK",
    "MAX_ARTICLE_BYTES",
    "MAX_PAPER_BYTES",
    "check_zip_sizes",
    "megabytes",
    "pdf_pages",
    "pdf_reader",
    "quiet_pypdf",
    "read_article_bytes",
    "read_article_path",
]

MAX_ARTICLE_BYTES = limits.ARTICLE_BYTES
MAX_PAPER_BYTES = limits.PAPER_PDF_BYTES

ARTICLE_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_big(name: str, size: int) -> InputError:
    return InputError(f"{name} is {megabytes(size)}; the limit for an article is {megabytes(MAX_ARTICLE_BYTES)}")


def read_article_path(path: Path) -> str:
    """The article text of a file on disk (see `read_article_bytes`)."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise _too_big(path.name, size)
    return read_article_bytes(path.read_bytes(), path.name)


def read_article_bytes(data: bytes, filename: str) -> str:
    """The plain text of an uploaded article, chosen by the file's extension.

    Paragraphs are separated by blank lines and a title, when the format has one, is the first line.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_big(filename, len(data))
    suffix = Path(filename).suffix.lower()
    if suffix not in ARTICLE_EXTENSIONS:
        shown = suffix or "(none)"
        hint = "; save it as .docx" if suffix in (".doc", ".rtf", ".odt", ".pages") else ""
        raise InputError(f"cannot read {shown} files{hint}: use .txt, .md, .html, .docx or .pdf")
    if not data.strip():
        raise InputError(f"{filename} is empty")
    if suffix in (".html", ".htm"):
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError("this looks like a binary file, not a web page")
        text = _html_text(data)
    elif suffix == ".docx":
        text = _docx_text(data)
    elif suffix == ".pdf":
        text = _pdf_text(pdf_pages(pdf_reader(data)))
        if not text.strip():
            raise InputError("scanned PDF: no text to read; paste the text instead")
    else:
        text = _decode_text(data)
    text = _tidy(text)
    if not text:
        raise InputError(f"{filename} has no text to check")
    return text


# -- plain text -------------------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _cp1252_run(error: UnicodeError) -> tuple[str, int]:
    """Read the bytes UTF-8 rejects as Windows-1252, and only those: the rest of the file stays UTF-8."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("caveat-cp1252-run", _cp1252_run)


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16/32 with a BOM; Windows-1252 only when the bytes clearly are text.

    A UTF-8 draft with one stray Latin-1 byte (pasted from an old e-mail) was read whole as Windows-1252, so
    every curly quote became "â€˜". Now each run of bytes that is not UTF-8 is read as Windows-1252 on its own,
    and the valid UTF-8 around it keeps its meaning; a file in Windows-1252 throughout reads the same as before.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"the file says it is {encoding.upper()} but is not valid {encoding.upper()}") from exc
    if b"\x00" in data:
        raise InputError("this looks like a binary file, not text: upload .txt, .md, .html, .docx or .pdf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="caveat-cp1252-run")
    odd = len(_CONTROL.findall(text)) + text.count("\ufffd")
    if odd > max(2, len(text) // 200):
        raise InputError("this file is not readable text (unknown encoding or binary data); save it as UTF-8")
    return text.replace("\ufffd", "")


def _tidy(text: str) -> str:
    """One newline convention, no trailing spaces, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# -- HTML -------------------------------------------------------------------------------------------------

_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "canvas", "video", "audio", "object", "iframe")
_FURNITURE_TAGS = (
    "nav", "header", "footer", "aside", "form", "button", "select", "input", "dialog", "menu", "figure", "figcaption",
)
_BOILERPLATE = re.compile(
    r"cookie|consent|gdpr|banner|newsletter|subscribe|signup|sign-up|paywall|share|social|related|recommend|"
    r"advert|\bads?\b|promo|sponsor|breadcrumb|\bmenu\b|navbar|\bnav\b|sidebar|popup|modal|masthead|"
    r"site-header|site-footer|comments?\b|byline-share|tags?\b|more-stories|read-more",
    re.IGNORECASE,
)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _html_text(data: bytes) -> str:
    """The story in a saved web page: its headline, then the paragraphs of the article body."""
    soup = BeautifulSoup(data, "lxml")
    title = _html_title(soup)
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_NEVER_TEXT):
        tag.decompose()
    _cap_depth(soup)
    sizes = _measure(soup)
    story_size = sizes.paragraphs[id(soup)]
    for tag in soup.find_all(lambda t: t.name in _FURNITURE_TAGS or _is_boilerplate(t)):
        if tag.decomposed:
            continue
        # A page-wide <form> (old CMSs) or a body with "share" in its class name holds the story: keep it.
        held = sizes.paragraphs[id(tag)] - (sizes.text[id(tag)] if tag.name == "p" else 0)
        if story_size and held > story_size / 2:
            continue
        tag.decompose()
    sizes = _measure(soup)  # what is left once the furniture is gone
    body = _main_container(soup, sizes)
    if body is None:
        return title
    blocks: list[str] = []
    for element in body.find_all(_BLOCKS):
        if id(element) in sizes.holds_block:
            continue  # its inner blocks are read on their own
        words = " ".join(element.get_text(" ", strip=True).split())
        if words and not (not blocks and words == title):
            blocks.append(words)
    if not blocks:
        loose = _tidy(body.get_text("\n", strip=True))
        blocks = [loose] if loose else []
    return "\n\n".join([title, *blocks] if title else blocks)


@dataclass
class _Sizes:
    """Per element (by id), measured in one pass: what the reader would otherwise ask of each element's subtree."""

    text: dict[int, int] = field(default_factory=dict)
    """Length of `get_text(" ", strip=True)`."""
    paragraphs: dict[int, int] = field(default_factory=dict)
    """Characters of the text of each <p> in it, itself included (a <p> in a <p> counts twice, as before)."""
    holds_block: set[int] = field(default_factory=set)
    """Elements with a block element (p, li, blockquote...) somewhere below them."""


def _measure(root: Tag) -> _Sizes:
    """Children before parents, each element once: linear in the page where asking every element was quadratic."""
    sizes, letters, strings = _Sizes(), dict[int, int](), dict[int, int]()
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        tag, children_done = stack.pop()
        if not children_done:
            stack.append((tag, True))
            stack.extend((child, False) for child in tag.contents if isinstance(child, Tag))
            continue
        chars = count = paragraphs = 0
        for child in tag.contents:
            if isinstance(child, Tag):
                chars, count = chars + letters[id(child)], count + strings[id(child)]
                paragraphs += sizes.paragraphs[id(child)]
                if child.name in _BLOCKS or id(child) in sizes.holds_block:
                    sizes.holds_block.add(id(tag))
            elif isinstance(child, NavigableString) and type(child) in (NavigableString, CData):
                words = child.strip()  # what get_text(strip=True) reads: text and CDATA, not comments or doctypes
                if words:
                    chars, count = chars + len(words), count + 1
        letters[id(tag)], strings[id(tag)] = chars, count
        sizes.text[id(tag)] = chars + max(count - 1, 0)  # the strings joined by one space each
        sizes.paragraphs[id(tag)] = paragraphs + (sizes.text[id(tag)] if tag.name == "p" else 0)
    return sizes


def _cap_depth(soup: BeautifulSoup) -> None:
    """Read elements nested deeper than `limits.HTML_DEPTH` as plain text of their parent.

    The steps below look inside each block, which costs the depth of the tree per element: 50,000 nested
    blockquotes took minutes. No story nests that deep, so past the cap the words are kept and the markup is not,
    and the whole read stays linear in the page.
    """
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in list(tag.children):
            if not isinstance(child, Tag):
                continue
            if depth + 1 < limits.HTML_DEPTH:
                stack.append((child, depth + 1))
            elif child.find(True) is not None:
                held_blocks = child.find(_BLOCKS) is not None
                words = child.get_text(" ")
                child.clear()
                child.append(words)
                if held_blocks and child.name not in _FURNITURE_TAGS and not _is_boilerplate(child):
                    child.name = "p"  # its words were paragraphs: they stay one, not loose text dropped later


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = tag.attrs or {}
    label = " ".join(
        [str(attrs.get("id", "")), " ".join(attrs.get("class", []) or []), str(attrs.get("role", "")),
         str(attrs.get("aria-label", ""))]
    )
    if str(attrs.get("role", "")).lower() in ("navigation", "banner", "contentinfo", "complementary", "dialog"):
        return True
    return bool(label.strip()) and bool(_BOILERPLATE.search(label))


def _html_title(soup: BeautifulSoup) -> str:
    for scope in (soup.find("article"), soup.find("main"), soup):
        if isinstance(scope, Tag):
            h1 = scope.find("h1")
            if isinstance(h1, Tag):
                text = " ".join(h1.get_text(" ", strip=True).split())
                if text:
                    return text
    if soup.title and soup.title.string:
        return " ".join(soup.title.string.split())
    return ""


def _main_container(soup: BeautifulSoup, sizes: _Sizes) -> Tag | None:
    """<article> (the wordiest one), else <main>, else the element holding the most paragraph text."""
    articles = [a for a in soup.find_all("article") if isinstance(a, Tag)]
    if articles:
        return max(articles, key=lambda a: sizes.text[id(a)])
    for candidate in (soup.find("main"), soup.find(None, {"role": "main"})):
        if isinstance(candidate, Tag):
            return candidate
    scores: dict[int, tuple[int, Tag]] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if isinstance(parent, Tag):
            length = sizes.text[id(paragraph)]
            held = scores.get(id(parent), (0, parent))
            scores[id(parent)] = (held[0] + length, parent)
    if scores:
        return max(scores.values(), key=lambda item: item[0])[1]
    body = soup.find("body")
    return body if isinstance(body, Tag) else None


# -- Word -------------------------------------------------------------------------------------------------


def check_zip_sizes(data: bytes, what: str = "the .docx file") -> None:
    """Refuse a zip whose members declare more than Caveat will inflate, reading only its directory.

    A 1.2 MB DOCX that inflates to 1.1 GB took memory to 2.3 GB before python-docx gave up. Python's zipfile
    never returns more than a member's declared size, so the directory's sizes are a true bound: checking them
    first means nothing is decompressed from a file that would not fit.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{what} is damaged or is not a Word document") from exc
    if len(members) > limits.DOCX_MEMBERS:
        raise InputError(f"{what} holds {len(members):,} files; the limit is {limits.DOCX_MEMBERS:,}: save it again")
    inflated = sum(member.file_size for member in members)
    if inflated > limits.UNZIPPED_BYTES:
        raise InputError(
            f"{what} would inflate to {megabytes(inflated)}; the limit is {megabytes(limits.UNZIPPED_BYTES)}: "
            "paste the text instead"
        )
    for member in members:
        if member.file_size > limits.MB and member.file_size > limits.DOCX_RATIO * max(member.compress_size, 1):
            raise InputError(
                f"{what} holds a part that inflates over {limits.DOCX_RATIO} times its size: paste the text instead"
            )


def _docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order, each on its own, headings kept as their own lines."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    check_zip_sizes(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError("the .docx file is damaged or is not a Word document") from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: all mean the same to the editor
        raise InputError("the .docx file is damaged or is not a Word document") from exc
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                line = " | ".join(dict.fromkeys(c for c in cells if c))
                if line:
                    blocks.append(line)
        else:
            text = item.text.strip()
            if text:
                blocks.append(text)
    return "\n\n".join(blocks)


# -- PDF --------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's own notes ("EOF marker not found") off standard error while a PDF is read.

    pypdf logs each repair it makes; the editor should read one line from Caveat ("the PDF is damaged"), not
    pypdf's first. Its logger is raised to ERROR and its warnings ignored for the read, then put back.
    """
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def pdf_reader(data: bytes) -> Any:
    from pypdf import PdfReader

    try:
        with quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError("the PDF is password-protected: remove the password or paste the text")
            _ = len(reader.pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise InputError("the PDF is damaged or is not a PDF") from exc
    return reader


def pdf_pages(reader: Any, max_pages: int | None = None) -> list[str]:
    pages: list[str] = []
    for index, page in enumerate(reader.pages):
        if max_pages is not None and index >= max_pages:
            break
        try:
            with quiet_pypdf():
                pages.append(page.extract_text() or "")
        except Exception as exc:
            raise InputError(f"the PDF is damaged (page {index + 1} cannot be read)") from exc
    return pages


HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_ENDS_SENTENCE = re.compile(r"[.!?:\"”’)]$")


def _pdf_text(pages: list[str]) -> str:
    """Lines rejoined into paragraphs: hyphens at line ends removed, blank lines and short final lines as breaks.

    PDF text comes one printed line at a time; a line much shorter than the page's usual width that ends
    a sentence is the end of a paragraph.
    """
    paragraphs: list[str] = []
    running = _running_lines(pages)
    for page in pages:
        lines = [" ".join(line.split()) for line in page.replace("\r", "").split("\n")]
        lines = [line for line in lines if line not in running and not _PAGE_NUMBER.match(line)]
        lengths = [len(line) for line in lines if len(line) > 20]
        usual = statistics.median(lengths) if lengths else 0
        current = ""
        title_lines = 0  # lines of the document's first paragraph, while each is narrower than the body
        for index, line in enumerate(lines):
            if not line:
                if current:
                    paragraphs.append(current)
                    current = ""
                continue
            current = _join_lines(current, line)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            narrow = bool(usual) and len(line) < 0.9 * usual
            title_lines = title_lines + 1 if not paragraphs and narrow and 0 <= title_lines < 3 else -1
            if (usual and len(line) < 0.7 * usual and _ENDS_SENTENCE.search(line)) or (
                    title_lines > 0 and _title_line(line, following, usual)):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
    return "\n\n".join(p for p in paragraphs if p)


_CONNECTOR_END = re.compile(r"\b(?:of|the|a|an|and|or|in|on|at|to|for|by|with|from|as|that)$", re.IGNORECASE)


def _title_line(line: str, following: str, usual: float) -> bool:
    """The last line of the document's headline: a PDF gives a title set large as one to three narrow lines of
    text, ending without a full stop or mid-phrase, before a line that starts afresh as body text does: as wide as
    the body, or a short sentence of its own (a title-case headline's second line is narrow and starts with a
    capital too)."""
    afresh = following[:1] in "ABCDEFGHIJKLMNOPQRSTUVWXYZ\"“‘'"
    body_like = len(following) >= 0.9 * usual or bool(_ENDS_SENTENCE.search(following))
    return (bool(following) and not _ENDS_SENTENCE.search(line) and not _CONNECTOR_END.search(line)
            and afresh and body_like)


_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)


def _running_lines(pages: list[str]) -> set[str]:
    """Running heads and feet (the paper's name, a copyright line) printed on most pages: not the story."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for page in pages:
        lines = [" ".join(line.split()) for line in page.split("\n") if line.strip()]
        for line in {*lines[:2], *lines[-2:]}:
            seen[line] = seen.get(line, 0) + 1
    return {line for line, count in seen.items() if count > len(pages) / 2}


def _join_lines(before: str, line: str) -> str:
    """'inter-' + 'nal clock' -> 'internal clock'; a hyphen before a capital or digit (COVID-19) stays."""
    if not before:
        return line
    if re.search(r"[a-z]-$", before) and line[:1].islower():
        return before[:-1] + line
    if re.search(r"\w-$", before) and line[:1].isalnum():
        return before + line
    return f"{before} {line}"
