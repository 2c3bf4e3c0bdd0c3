"""The server's heap keeping (ketlint.lsp.heap): what it drops when it settles."""

from __future__ import annotations

import linecache

import attrs

from ketlint.lsp.heap import forget_generated_sources


def test_generated_sources_are_forgotten_and_the_methods_still_work() -> None:
    @attrs.define
    class Point:
        x: int
        y: int

    assert any(name.startswith("<attrs generated") for name in linecache.cache)
    linecache.cache["kept.py"] = (1, None, ["x = 1\n"], "kept.py")
    forget_generated_sources()
    assert not any(
        name.startswith(("<attrs generated", "<cattrs generated")) for name in linecache.cache
    )
    assert "kept.py" in linecache.cache  # only what attrs and cattrs generated goes
    del linecache.cache["kept.py"]
    assert Point(1, 2) == Point(1, 2)
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
