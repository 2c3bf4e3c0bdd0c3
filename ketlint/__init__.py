"""ketlint: a linter for health articles.

The Python API returns plain data and runs the same engine as the CLI and the
language server::

    import ketlint
    result = ketlint.lint_text("A miracle cure!", path="post.md")
    for finding in result.findings:
        print(finding.rule, finding.start, finding.end, finding.message)
"""

from __future__ import annotations

import time as _time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"
# When this process imported ketlint: a code file changed after it may not be the code
# that runs (see ketlint.startup_cache.changed_since_import).
_imported_ns = _time.time_ns()

if TYPE_CHECKING:
    from ketlint.model import LintResult
    from ketlint.project import Project

__all__ = ["__version__", "lint_text", "lint_paths"]


def lint_text(
    text: str,
    *,
    path: str | None = None,
    format: str | None = None,
    project: Project | None = None,
) -> LintResult:
    """Lint ``text``. ``path`` picks the format and the config file (found upward from it)."""
    from ketlint.project import Project

    project = project or Project(isolated=path is None)
    linter = project.linter_for(Path(path) if path else None)
    return linter.lint_text(text, path=path, format=format)


def lint_paths(
    paths: Iterable[str | Path], *, project: Project | None = None
) -> Iterator[LintResult]:
    """Lint files and folders (recursively), yielding one result per file, in order."""
    from ketlint.files import iter_files, read_article
    from ketlint.project import Project

    project = project or Project()
    for file in iter_files([Path(p) for p in paths], project):
        yield read_article(file, project)
