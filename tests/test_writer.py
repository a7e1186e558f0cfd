"""The helper process that writes redirect pages while MkDocs renders the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from lazyathlete.writer import BackgroundWriter, WriteError


def test_writes_every_file_in_its_folder(tmp_path: Path) -> None:
    files = {f"go/short{n}/index.html": f"<p>page {n} – café</p>" for n in range(50)}
    files["_redirects"] = "/go/a /b 301\n"
    writer = BackgroundWriter(tmp_path, files)
    writer.finish()
    for relative, text in files.items():
        assert (tmp_path / relative).read_text(encoding="utf-8") == text


def test_a_file_it_cannot_write_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "go").write_text("a file where a folder must go", encoding="utf-8")
    writer = BackgroundWriter(tmp_path, {"go/bridge/index.html": "<p>x</p>"})
    with pytest.raises(WriteError, match=r"writing 1 files under .*: .*Error"):
        writer.finish()


def test_stop_ends_the_helper(tmp_path: Path) -> None:
    writer = BackgroundWriter(tmp_path, {f"d{n}/index.html": "x" * 1000 for n in range(2000)})
    writer.stop()
    assert writer._process.returncode is not None


def test_a_helper_that_dies_at_start_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lazyathlete import writer as module

    monkeypatch.setattr(module, "WRITE", "raise SystemExit('cannot start')")
    helper = BackgroundWriter(tmp_path, {f"d{n}/index.html": "x" * 10_000 for n in range(500)})
    with pytest.raises(WriteError, match="cannot start"):
        helper.finish()
