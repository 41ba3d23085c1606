"""The written scenario: YAML with a comment block on top that says where the figures come
from and every value that was missing or secret, so the file carries its own caveats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from cbs.to_scenario import Finding


class _Dumper(yaml.SafeDumper):
    """Block style, except a mapping of numbers only (an age mix) on one line."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    numbers = bool(data) and all(isinstance(v, int | float) and not isinstance(v, bool)
                                 for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=numbers)


_Dumper.add_representer(dict, _represent_dict)


def header(lines: Sequence[str], findings: Sequence[Finding], notes: Sequence[str]) -> str:
    """The comment block: the source lines, then the findings and notes, each on one line."""
    out = [f"# {line}" for line in lines]
    missing = [f for f in findings if not f.left_out]
    left_out = [f for f in findings if f.left_out]
    out.append("#")
    if missing:
        out.append(f"# Missing or secret values ({len(missing)}), and what is used instead:")
        out += [f"#   {f}" for f in missing]
    else:
        out.append("# No missing or secret values.")
    if left_out:
        out.append(f"# Left out ({len(left_out)}):")
        out += [f"#   {f}" for f in left_out]
    if notes:
        out.append("# Notes:")
        out += [f"#   {note}" for note in notes]
    return "\n".join(out) + "\n"


def render(scenario: dict[str, Any], comment: str) -> str:
    body = yaml.dump(scenario, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)
    return comment + "\n" + body
