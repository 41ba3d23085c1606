"""Solara's front end, on disk: without it the dashboard is a blank page on a machine that
cannot reach Solara's CDN (jsdelivr).

Solara's server serves its front-end packages from a cache folder and fills the cache from
the CDN on first use. This module fills the cache ahead of time from the npm registry, which
serves the same packages as tarballs: `make` runs it after installing, and `run.py dashboard`
before it starts (`python -m dashboards.assets` by hand).
"""

from __future__ import annotations

import io
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
# The packages the page needs besides the one the template names (found below).
ALSO_NEEDED = (("requirejs", "2.3.6"),)


def cache_dir() -> Path:
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def needed() -> list[tuple[str, str]]:
    """(package, version) of every front-end package Solara's page template loads, read
    from the installed Solara so that an upgrade asks for its own versions."""
    import solara.server
    from solara.server import settings

    template = Path(solara.server.__file__).with_name("templates") / "solara.html.j2"
    found = re.findall(r"\{\{cdn\}\}/((?:@[\w.-]+/)?[\w.-]+)@(\d+\.\d+\.\d+)/",
                       template.read_text(encoding="utf-8"))
    fontawesome = re.match(r"/?((?:@[\w.-]+/)?[\w.-]+)@(\d+\.\d+\.\d+)/",
                           settings.assets.fontawesome_path)
    if fontawesome:
        found.append(fontawesome.groups())
    return sorted(set(found) | set(ALSO_NEEDED))


def missing() -> list[tuple[str, str]]:
    return [(name, version) for name, version in needed()
            if not (cache_dir() / f"{name}@{version}" / "package.json").is_file()]


def fetch(name: str, version: str) -> None:
    """Download one package's tarball from the npm registry and unpack it into the cache
    as `<name>@<version>/`, the layout Solara's server reads."""
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    target = cache_dir() / f"{name}@{version}"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("package/"):
                continue
            path = target / member.name.removeprefix("package/")
            if target.resolve() not in path.resolve().parents:
                continue  # nothing outside the package's folder
            path.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is not None:
                path.write_bytes(source.read())
    # package.json last: its presence means the package is complete
    if not (target / "package.json").is_file():
        raise OSError(f"{url} holds no package.json")


def ensure(quiet: bool = False) -> list[str]:
    """Fetch whatever is missing; the problems, in words (empty when all is there)."""
    problems = []
    for name, version in missing():
        try:
            fetch(name, version)
            if not quiet:
                print(f"fetched {name}@{version} for the dashboard", file=sys.stderr)
        except OSError as exc:
            problems.append(f"cannot fetch {name}@{version} from {REGISTRY} ({exc}); without "
                            "it the dashboard page stays blank on a machine that cannot "
                            "reach Solara's CDN")
    return problems


if __name__ == "__main__":
    failures = ensure()
    for line in failures:
        print(line, file=sys.stderr)
    sys.exit(1 if failures else 0)
