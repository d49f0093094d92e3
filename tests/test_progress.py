"""Progress bars: drawn on a terminal, absent (None hooks) otherwise."""

from __future__ import annotations

import io
import sys

import pytest
from ingestkit import SAMPLES
from wirefacts.progress import article_progress, count_files, file_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_off_a_terminal_gives_no_hooks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with file_progress([SAMPLES], recursive=True) as advance:
        assert advance is None
    with article_progress() as hooks:
        assert hooks == (None, None)


def test_progress_on_a_terminal_counts_files_and_articles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    files = count_files([SAMPLES], recursive=True)
    assert files == len([p for p in SAMPLES.iterdir() if p.is_file()])
    with file_progress([SAMPLES], recursive=True) as advance:
        assert advance is not None
        advance(files)
    with article_progress() as (set_total, advance_articles):
        assert set_total is not None and advance_articles is not None
        set_total(10)
        advance_articles(10)
    assert "10/10" in terminal.getvalue()
