"""Fixtures for the reader tests: files written into tmp_path, the bad-input set."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from wirefacts.facts import FailedInput, RawDoc
from wirefacts.read import read_path

BAD_INPUTS = Path(__file__).resolve().parents[1] / "bad_inputs" / "make_bad_inputs.py"


@pytest.fixture(scope="session")
def bad_inputs_module():
    spec = importlib.util.spec_from_file_location("make_bad_inputs", BAD_INPUTS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write bytes (or UTF-8 text) to tmp_path/name and return the path."""

    def _write(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return _write


@pytest.fixture
def read_one() -> Callable[[Path], RawDoc | FailedInput]:
    """Read a single-article file and return its only item."""

    def _read(path: Path) -> RawDoc | FailedInput:
        items = list(read_path(path))
        assert len(items) == 1, items
        return items[0]

    return _read
