"""Reading article files: ids, titles, and the reasons a file cannot be used."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_ARTICLE_BYTES = 20_000_000


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    path: str

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


class MissingPathError(FileNotFoundError):
    """A path given to ingest does not exist."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def title_of(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def find_article_files(paths: list[Path]) -> list[Path]:
    """Expand files and directories into article files, sorted, each once."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise MissingPathError(f"No such file or directory: {', '.join(missing)}")
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                # A broken link is kept so that reading it reports it rather than dropping it.
                wanted = child.is_file() or (child.is_symlink() and not child.is_dir())
                if wanted and child.suffix.lower() in ARTICLE_SUFFIXES:
                    found[child.absolute()] = None
        else:
            found[path.absolute()] = None  # not resolved: a link keeps its own name as the id
    return list(found)


def read_article(path: Path) -> Article | SkippedFile:
    """Read one file as an article, or say why it cannot be one."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return SkippedFile(str(path), f"not a .txt or .md file ({path.suffix or 'no extension'})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return SkippedFile(str(path), f"unreadable: {exc.strerror or exc}")
    if len(raw) > MAX_ARTICLE_BYTES:
        return SkippedFile(str(path), f"too large ({len(raw)} bytes > {MAX_ARTICLE_BYTES})")
    if b"\x00" in raw:
        return SkippedFile(str(path), "binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SkippedFile(str(path), f"not valid UTF-8 (byte {exc.start})")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return SkippedFile(str(path), "empty file")
    return Article(id=path.stem, title=title_of(text), text=text, path=str(path))
