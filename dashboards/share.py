"""A set-up to share: the scenario (a shipped one by name, any other by its content), the
sidebar's settings and the compare tab's own variants and choices, in one small YAML file
that a colleague loads to see the same, or in a link: the same file compressed into the
page address (`?setup=...`). No UI code (the tab's part is `share_view.py`).

The file is checked like a scenario file: a schema (`SetupFile`, strict: an unknown field
is an error), and every problem named with its field path, the value found and what is
allowed; the scenario inside is checked by the scenario schema itself.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field

from dashboards.session import VARIANTS
from dashboards.settings import (
    MAX_BUDGET_CUT,
    MAX_DOMAIN_BUDGET_CHANGE,
    MAX_HORIZON,
    Settings,
    load_shipped,
    shipped_scenarios,
)
from dashboards.variants import (
    MAX_NAME,
    MAX_SAVED,
    MAX_SEEDS,
    MAX_YEARS,
    CompareSetup,
    name_problem,
)
from model import (
    DOMAINS,
    LEVERS,
    NOTHING,
    Problem,
    Scenario,
    ScenarioError,
    StrictModel,
    __version__,
    memory_problem,
    parse_yaml,
    schema_class,
    validate_data,
)

Fail = Callable[[str, Any, str], ScenarioError]  # a problem at a field: (field, value, why)
FORMAT = "zelfsturing-setup"
VERSION = 1
LINK_KEY = "setup"  # the page address's query field that holds a set-up
# A link's longest code: a web server refuses a request head much over 16 kB (uvicorn's
# default), and a link pasted into a mail or a chat should survive; longer set-ups (an own
# municipality of many buurten) are shared as the file instead.
MAX_LINK = 6000  # characters
MAX_LINK_BYTES = 1_000_000  # a set-up's text unpacked from a link: more is refused
BASE64URL = re.compile(r"[A-Za-z0-9_-]+")  # what a link's code is written in
LEVERS_MODEL = schema_class(Scenario.model_fields["levers"].annotation)
SCALE = Scenario.model_fields["scale"].annotation
DOMAIN = Literal[DOMAINS]  # type: ignore[valid-type]


class PolicyPart(StrictModel):
    """Levers, budget cut, scale and the per-domain settings: what a variant is, and the
    sidebar besides. A domain not named stays where the scenario and the scale put it."""

    levers: LEVERS_MODEL = Field(default_factory=LEVERS_MODEL)  # type: ignore[valid-type]
    budget_cut: float = Field(0.0, ge=0.0, le=MAX_BUDGET_CUT)
    scale: SCALE = "local"  # type: ignore[valid-type]
    domain_scales: dict[DOMAIN, SCALE] = Field(default_factory=dict)  # type: ignore[valid-type]
    domain_budgets: dict[DOMAIN, Annotated[float, Field(  # type: ignore[valid-type]
        ge=-MAX_DOMAIN_BUDGET_CHANGE, le=MAX_DOMAIN_BUDGET_CHANGE)]] = Field(
        default_factory=dict, description="each domain's budget change at week 0 (-0.1: a "
        "tenth less)")

    def applied(self, settings: Settings) -> Settings:
        """`settings` with this policy."""
        return replace(settings, levers=self.levers.model_dump(), budget_cut=self.budget_cut,
                       scale=self.scale, domain_scales=dict(self.domain_scales),
                       domain_budgets=dict(self.domain_budgets))


class SidebarPart(PolicyPart):
    horizon_years: int = Field(10, ge=1, le=MAX_HORIZON)


class VariantPart(PolicyPart):
    name: str = Field(min_length=1, max_length=MAX_NAME)


class ComparePart(StrictModel):
    seeds: int = Field(5, ge=1, le=MAX_SEEDS)
    years: int = Field(8, ge=1, le=MAX_YEARS)
    chosen: list[str] = Field(default_factory=lambda: list(VARIANTS), description=(
        "the variants to compare: built-in ones by key (current, own, letting_go), own "
        "ones by name"))


class SetupFile(StrictModel):
    """A shared set-up. Exactly one of `scenario` (a shipped scenario's name) and
    `scenario_file` (a scenario's content)."""

    format: Literal["zelfsturing-setup"]
    version: Literal[1]
    made_with: str = ""
    scenario: str | None = None
    scenario_file: dict[str, Any] | None = None
    settings: SidebarPart = Field(default_factory=SidebarPart)
    variants: list[VariantPart] = Field(default_factory=list, max_length=MAX_SAVED)
    compare: ComparePart = Field(default_factory=ComparePart)


def _policy(settings: Settings) -> dict[str, Any]:
    policy: dict[str, Any] = {"levers": {k: settings.levers[k] for k in LEVERS},
                              "budget_cut": settings.budget_cut, "scale": settings.scale}
    if settings.domain_scales:
        policy["domain_scales"] = dict(settings.domain_scales)
    if settings.domain_budgets:
        policy["domain_budgets"] = dict(settings.domain_budgets)
    return policy


def setup_yaml(pending: Settings, setup: CompareSetup, shipped: str | None) -> str:
    """The set-up as a file's text. `shipped`: the name the base scenario is shipped under
    (it is then named, not copied), or None (its content goes in, fields at their defaults
    left out)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                            "made_with": f"zelfsturing {__version__}"}
    if shipped is not None:
        data["scenario"] = shipped
    else:
        data["scenario_file"] = pending.base.model_dump(mode="json", exclude_defaults=True)
    data["settings"] = {**_policy(pending), "horizon_years": pending.horizon_years}
    data["variants"] = [{"name": v.name, **_policy(v.settings)} for v in setup.variants]
    names = {v.key: v.name for v in setup.variants}
    data["compare"] = {"seeds": setup.seeds, "years": setup.years,
                       "chosen": [names.get(k, k) for k in setup.chosen]}
    head = ("# A set-up of the zelfsturing dashboard: load it under 'Take it away' > 'Share "
            "what I set up'\n# (docs/dashboard.md#share-what-i-set-up).\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def setup_code(pending: Settings, setup: CompareSetup, shipped: str | None) -> str:
    """The set-up file's text, compressed and written in URL-safe base64 (no padding): the
    value of `?setup=` in a link. It may be longer than MAX_LINK; `link_problem` says so."""
    packed = zlib.compress(setup_yaml(pending, setup, shipped).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def link_problem(code: str) -> str | None:
    """Why `code` cannot go into a link, or None."""
    if len(code) > MAX_LINK:
        return (f"the set-up needs {len(code):,} characters in a link, more than the "
                f"{MAX_LINK:,} a link carries safely; download the set-up as a file instead")
    return None


def read_setup_code(code: str, source: str = "link") -> Restored:
    """A set-up from a link's `?setup=` value; ScenarioError naming what is wrong (a link
    cut off when it was copied is the usual cause)."""
    cut = ("is not a set-up made by this dashboard, or the link was cut off when it was "
           "copied; ask for the link again, or for the set-up file")
    if link_problem(code) or not BASE64URL.fullmatch(code):
        raise ScenarioError([Problem(source, LINK_KEY, NOTHING, cut)])
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        unpack = zlib.decompressobj()
        content = unpack.decompress(packed, MAX_LINK_BYTES)
        if unpack.unconsumed_tail or not unpack.eof:
            raise ValueError("cut off or too large")
    except (binascii.Error, zlib.error, ValueError):
        raise ScenarioError([Problem(source, LINK_KEY, NOTHING, cut)]) from None
    return read_setup(source, content)


@dataclass(frozen=True)
class Restored:
    """What a set-up file restores."""

    base: Scenario
    shipped: str | None  # the shipped scenario's name, or None for one of the file's own
    settings: Settings
    setup: CompareSetup


def read_setup(source: str, content: bytes) -> Restored:
    """A set-up from a file's bytes; ScenarioError with one problem per mistake."""
    def fail(field: str, value: Any, message: str) -> ScenarioError:
        return ScenarioError([Problem(source, field, value, message)])

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise fail("", NOTHING, "is not a text (YAML) file") from None
    data = parse_yaml(text, source)
    if isinstance(data, dict) and "format" not in data and "region" in data:
        raise fail("", NOTHING, "is a scenario file, not a set-up file; load it under "
                                "Scenario in the sidebar")
    if isinstance(data, dict) and data.get("format") not in (None, FORMAT):
        raise fail("format", data["format"], f"not a set-up of this dashboard; allowed: {FORMAT}")
    if isinstance(data, dict) and data.get("format") == FORMAT and \
            data.get("version") not in (None, VERSION):
        raise fail("version", data["version"], f"this dashboard reads version {VERSION} only")
    parsed: SetupFile = validate_data(data, source, SetupFile)
    base, shipped = _base(parsed, source, fail)
    settings = replace(parsed.settings.applied(Settings.of(base)),
                       horizon_years=parsed.settings.horizon_years)
    return Restored(base, shipped, settings, _compare(parsed, base, fail))


def _base(parsed: SetupFile, source: str, fail: Fail) -> tuple[Scenario, str | None]:
    if (parsed.scenario is None) == (parsed.scenario_file is None):
        raise fail("scenario", NOTHING, "give either scenario (a shipped scenario's name) or "
                                        "scenario_file (a scenario's content), not both or "
                                        "neither")
    if parsed.scenario is not None:
        shipped = shipped_scenarios()
        if parsed.scenario not in shipped:
            raise fail("scenario", parsed.scenario, "no shipped scenario of that name; "
                       f"shipped: {', '.join(shipped)}")
        return load_shipped(parsed.scenario), parsed.scenario
    try:
        base = validate_data(parsed.scenario_file, source)
    except ScenarioError as exc:
        raise ScenarioError([Problem(source, f"scenario_file.{p.field}".rstrip("."), p.value,
                                     p.message) for p in exc.problems]) from None
    longest = base.model_copy(update={"horizon_years": max(MAX_HORIZON, base.horizon_years)})
    problem = memory_problem(longest)
    if problem:
        raise fail("scenario_file", NOTHING, problem)
    return base, None


def _compare(parsed: SetupFile, base: Scenario, fail: Fail) -> CompareSetup:
    own = Settings.of(base)
    setup = CompareSetup(chosen=())
    for i, part in enumerate(parsed.variants):
        why = name_problem(part.name, setup, "en")  # taken by one before it, or built in
        if why:
            raise fail(f"variants[{i}].name", part.name, why)
        setup = setup.add(part.name, part.applied(own))
    variants = setup.variants
    keys = {v.name: v.key for v in variants} | {k: k for k in VARIANTS}
    unknown = [c for c in parsed.compare.chosen if c not in keys]
    if unknown:
        raise fail("compare.chosen", unknown[0], "not a variant; allowed: "
                   f"{', '.join(keys)}")
    chosen = tuple(dict.fromkeys(keys[c] for c in parsed.compare.chosen))
    order = (*VARIANTS, *(v.key for v in variants))
    return replace(setup, chosen=tuple(k for k in order if k in chosen),
                   seeds=parsed.compare.seeds, years=parsed.compare.years)
