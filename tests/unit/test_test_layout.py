"""The test tree's own rules, which a clean checkout's collection depends on."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).parents[1]


def test_test_modules_have_unique_basenames() -> None:
    """pytest imports test files by basename (no packages under tests/): two of one name break collection."""
    names = [path.name for path in TESTS.rglob("test_*.py")]
    assert sorted({name for name in names if names.count(name) > 1}) == []
