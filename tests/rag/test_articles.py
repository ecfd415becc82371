"""Reading article files: ids, titles, and every reason a file cannot be an article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.articles import (
    MAX_ARTICLE_BYTES,
    Article,
    MissingPathError,
    SkippedFile,
    content_hash,
    find_article_files,
    read_article,
    title_of,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _read(path: Path) -> Article:
    result = read_article(path)
    assert isinstance(result, Article), result
    return result


def _skip_reason(path: Path) -> str:
    result = read_article(path)
    assert isinstance(result, SkippedFile), f"{path.name} was read as an article"
    assert result.path == str(path)
    return result.reason


def test_seed_ids_are_file_stems_and_titles_first_lines() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        article = _read(path)
        assert article.id == path.stem
        text = path.read_text(encoding="utf-8")
        assert article.text == text
        assert article.title == next(line.strip() for line in text.splitlines() if line.strip())
        assert article.content_hash == content_hash(text)


def test_title_skips_blank_lines_and_trims(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("\n  \n   The Title  \nBody text here.\n", encoding="utf-8")
    article = _read(path)
    assert (article.id, article.title) == ("story", "The Title")
    assert title_of("") == ""


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline\n\nBody.".encode())
    article = _read(path)
    assert article.title == "Headline"
    assert article.text == "Headline\n\nBody."


def test_suffixes_are_matched_without_case(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text("Loud\n\nText.", encoding="utf-8")
    assert _read(path).id == "LOUD"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n  ", "empty"),
        ("bom-only.txt", "\ufeff\n".encode(), "empty"),
        ("binary.txt", b"Title\n\x00\x01\x02 payload", "binary"),
        ("latin1.txt", "Caf\u00e9 society\n".encode("latin-1"), "not valid UTF-8"),
        ("notes.docx", b"Title\n\nText.", "not a .txt or .md file"),
        ("README", b"Title\n\nText.", "not a .txt or .md file"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in _skip_reason(path)


def test_a_read_error_is_reported(tmp_path: Path) -> None:
    # Tests run as root, so chmod 000 would not stop the read; a link to /proc/self/mem is a
    # regular file whose read fails with EIO for any user.
    path = tmp_path / "broken.txt"
    path.symlink_to("/proc/self/mem")
    assert _skip_reason(path).startswith("unreadable")


def test_a_file_without_read_permission_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode; test_a_read_error_is_reported covers it")
    path = tmp_path / "secret.txt"
    path.write_text("Secret\n\nText.", encoding="utf-8")
    path.chmod(0)
    assert _skip_reason(path).startswith("unreadable")


def test_an_oversized_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: costs no disk
    assert "too large" in _skip_reason(path)


def test_find_expands_folders_recursively_sorted_and_once(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for rel in ["b/two.txt", "a/deep/one.md", "a/zero.txt", "a/image.png", "a/notes.TXT"]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = find_article_files([tmp_path / "b", tmp_path, tmp_path / "b" / "two.txt"])
    rel = [p.relative_to(tmp_path.resolve()).as_posix() for p in found]
    assert sorted(rel) == ["a/deep/one.md", "a/notes.TXT", "a/zero.txt", "b/two.txt"]
    assert len(rel) == len(set(rel))


def test_find_names_every_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MissingPathError) as err:
        find_article_files([tmp_path, tmp_path / "nope", tmp_path / "gone.txt"])
    assert "nope" in str(err.value) and "gone.txt" in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_a_broken_link_in_a_folder_is_not_dropped_silently(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    assert [p.name for p in find_article_files([tmp_path])] == ["gone.txt"]
