"""Wheel build hook: ship the start-up data for the built-in rule pack inside the package.

A fresh CI runner starts with an empty start-up cache on every run and would compile ~500
patterns, load the rule pack and index the pronouncing dictionary each time (about 2 s).
This runs ``python -m ketlint.startup_bundle`` on the package being built, in a fresh
process with an empty cache folder, and puts what it writes in ``ketlint/_startup``
(read-only data, keyed like the user's cache: see ketlint/startup_cache.py). For
``pip install -e`` it is written into the checkout, which is what the editable install
imports. It needs only the build requirements in pyproject.toml, no network. If it fails,
the wheel is built without the data and ketlint does the work at run time, as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = "ketlint/_startup"


class StartupBundleHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._temporary = Path(tempfile.mkdtemp(prefix="ketlint-build-"))
        root = Path(self.root)
        # An editable install imports the checkout's package; a wheel gets a fresh copy.
        out = root / BUNDLE if version == "editable" else self._temporary / "bundle"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KETLINT_", "XDG_"))}
        # pip's isolated build environment is on PYTHONPATH too: keep it, after the source.
        path = [str(root), *filter(None, [env.get("PYTHONPATH")])]
        env.update(
            PYTHONPATH=os.pathsep.join(path),
            KETLINT_CACHE_DIR=str(self._temporary / "cache"),
            PYTHONDONTWRITEBYTECODE="1",  # no __pycache__ left in the source tree
        )
        done = subprocess.run(
            [sys.executable, "-m", "ketlint.startup_bundle", str(out)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            shutil.rmtree(root / BUNDLE, ignore_errors=True)  # no stale copy in the checkout
            self.app.display_warning(
                "ketlint: no start-up data bundled (first runs will be slower):\n"
                + done.stderr[-2000:]
            )
            return
        if version != "editable":
            build_data["force_include"][str(out)] = BUNDLE

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self._temporary, ignore_errors=True)
