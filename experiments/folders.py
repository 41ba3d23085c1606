"""Output folders: a default one always inside `results/`, an explicit `--out` checked before
anything is written.

A scenario's name is free text; as a folder name it is reduced to letters, digits, '_', '-'
and '.', so that no name (an absolute path, '..', a NUL byte, 300 characters) can put the
default folder anywhere but `results/<name>`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

RESULTS = Path("results")
MAX_FOLDER_NAME = 100  # characters of a default folder's name
NAME_MAX = 255  # bytes of one path component on common file systems
PATH_MAX = 4096  # bytes of a whole path on Linux


def safe_name(name: str) -> str:
    """`name` as one harmless folder name: runs of other characters become '_', no leading
    dot or underscore, at most MAX_FOLDER_NAME characters; 'run' when nothing is left."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).lstrip("._")[:MAX_FOLDER_NAME]
    return cleaned.rstrip("._") or "run"


def default_out(name: str) -> Path:
    """The default output folder of a run or an experiment: results/<safe name>."""
    return RESULTS / safe_name(name)


def out_problem(out: Path) -> str | None:
    """Why `out` cannot be the output folder (an existing file, a name too long, a NUL
    byte), or None; it does not create anything."""
    text = os.fsencode(out) if "\0" not in str(out) else None
    if text is None:
        return "the path contains a NUL byte"
    if len(text) > PATH_MAX:
        return f"the path is longer than {PATH_MAX} bytes"
    longest = max((len(os.fsencode(part)) for part in out.parts), default=0)
    if longest > NAME_MAX:
        return f"a folder name in the path is longer than {NAME_MAX} bytes"
    try:
        if out.exists() and not out.is_dir():
            return "--out must be a folder, but this is a file"
    except OSError as exc:
        return f"cannot use it: {exc.strerror or exc}"
    return None


def make_out(out: Path) -> str | None:
    """Create `out` (and its parents), or say why not."""
    problem = out_problem(out)
    if problem:
        return problem
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        return f"cannot create the output folder: {reason}"
    return None
