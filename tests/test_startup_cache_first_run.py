"""A first run, with nothing cached yet, keeps every pattern it compiles for the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from ketlint import startup_cache


def test_a_first_run_that_compiles_many_patterns_saves_all_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KETLINT_NO_CACHE", raising=False)
    regex.purge()
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    main = startup_cache._regex_main()
    monkeypatch.setattr(main, "_MAXCACHE", 500)  # regex's own default
    assert startup_cache.load_regexes() == 0  # nothing cached yet
    # More patterns than regex keeps by default (it then drops a random fifth of them).
    compiled = [regex.compile(rf"pattern\s+number\s+{n}\b").pattern for n in range(600)]
    assert startup_cache.save_regexes()

    regex.purge()
    monkeypatch.setattr(startup_cache, "_loaded_regex_keys", set())
    startup_cache.load_regexes()
    assert set(compiled) <= {key[0] for key in startup_cache._loaded_regex_keys}
