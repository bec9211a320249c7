"""Exports never destroy a file: not the user's (without --force), not the app's own, not a pipe or a device."""

from __future__ import annotations

import gc
import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.paths import locations

ENVOY = "us-envoy-visits-mali-diplomatic-reset"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(autouse=True)
def one_note() -> None:
    assert run("annotate", ENVOY, "--quote", "Bamako", "--note", "exported", "--occurrence", "1").exit_code == 0
    gc.collect()  # the in-process command's connections close (and checkpoint) now, not during the test


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    mine = tmp_path / "report.md"
    mine.write_text("my own report, written by hand")
    refused = run("export", "-o", str(mine))
    assert refused.exit_code == 1 and "already exists" in refused.output and "--force" in refused.output
    assert mine.read_text() == "my own report, written by hand"
    assert run("export", "-o", str(mine), "--force").exit_code == 0
    assert "exported" in mine.read_text()


def test_a_new_file_is_written(tmp_path: Path) -> None:
    result = run("export", "--format", "json", "-o", str(tmp_path / "new.json"))
    assert result.exit_code == 0 and "exported" in (tmp_path / "new.json").read_text()


@pytest.mark.parametrize("which", ["notes_db", "config_file", "index"])
def test_the_apps_own_files_are_refused_even_with_force(which: str) -> None:
    where = locations()
    target = {"notes_db": where.notes_db, "config_file": where.config_file, "index": where.index_dir / "x.md"}[which]
    target.parent.mkdir(parents=True, exist_ok=True)
    before = target.read_bytes() if target.exists() else None
    digest = hashlib.sha256(before).hexdigest() if before is not None else None
    result = run("export", "-o", str(target), "--force")
    assert result.exit_code == 1 and "sahel-tui's own folder" in result.output
    after = target.read_bytes() if target.exists() else None
    assert (hashlib.sha256(after).hexdigest() if after is not None else None) == digest


def test_pipes_devices_links_and_folders_are_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    to_device = tmp_path / "to-null"
    to_device.symlink_to("/dev/null")
    for target, reason in ((pipe, "not a regular file"), (Path("/dev/null"), "not a regular file"),
                           (to_device, "is a link"), (tmp_path, "not a regular file")):  # fmt: skip
        result = run("export", "-o", str(target), "--force")
        assert result.exit_code == 1 and reason in result.output, (target, result.output)
    assert pipe.exists() and to_device.is_symlink()
