"""The ProperDocs check's comparison: the same site passes, any other difference is named."""

from __future__ import annotations

from pathlib import Path

from tools.properdocs_check import compare


def write(site: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site


def test_the_same_site_byte_for_byte_passes(tmp_path: Path):
    files = {"index.html": b"<p>hi</p>\n", "assets/a.js": b"run()", "sitemap.xml.gz": b"\x1f\x8b\x08"}
    assert compare(write(tmp_path / "a", files), write(tmp_path / "b", files)) == []


def test_every_difference_is_named(tmp_path: Path):
    a = write(tmp_path / "a", {"index.html": b"<p>one</p>\n<p>same</p>\n", "gone.html": b"", "x.gz": b"\x1f\x8b\x00"})
    b = write(tmp_path / "b", {"index.html": b"<p>two</p>\n<p>same</p>\n", "new.html": b"", "x.gz": b"\x1f\x8b\xff"})
    assert compare(a, b) == [
        "differs: index.html: -<p>one</p> | +<p>two</p>",
        "differs: x.gz: binary, 3 and 3 bytes, first differ at byte 2",
        "only in the MkDocs build: gone.html",
        "only in the ProperDocs build: new.html",
    ]
