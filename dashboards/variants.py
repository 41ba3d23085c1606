"""What the compare tab is set to: the built-in variants (current settings, the scenario's
own, letting go), the user's own named variants, which of them to compare, and how many
seeds and years. No UI code here (the tab is `dashboards/compare_view.py`).

An own variant is a policy: the levers, budget cut and scale (and whatever else the
sidebar sets) as they were when it was saved. It runs on the scenario the sidebar shows
when the comparison starts, with its seed, so every variant runs over the same seeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboards.explorer import KEY_FIGURES, WINDOW
from dashboards.i18n import LANGUAGES, number, t
from dashboards.session import VARIANTS, compare_variants
from dashboards.settings import Settings
from model import LEVERS

MAX_VARIANTS = 5  # side by side in one comparison (the limit; five colours)
MAX_SAVED = 10  # own variants kept at once
MAX_NAME = 60  # characters of an own variant's name: it labels a chart's legend
MAX_SEEDS = 10
MAX_YEARS = 20
OWN = "own:"  # the key of an own variant: this and a number, kept when it is renamed


@dataclass(frozen=True)
class Variant:
    """An own variant: its key (stable across renames), its name, its settings."""

    key: str
    name: str
    settings: Settings


@dataclass(frozen=True)
class CompareSetup:
    """The compare tab's choices. Immutable: every change is a new setup."""

    variants: tuple[Variant, ...] = ()
    chosen: tuple[str, ...] = VARIANTS  # keys, built-in and own
    seeds: int = 5
    years: int = 8
    made: int = 0  # own variants made so far (numbers their keys)

    def add(self, name: str, settings: Settings) -> CompareSetup:
        """A new own variant, chosen for the next comparison if there is room."""
        key = f"{OWN}{self.made + 1}"
        chosen = self.chosen + ((key,) if len(self.chosen) < MAX_VARIANTS else ())
        return replace(self, variants=(*self.variants, Variant(key, name.strip(), settings)),
                       chosen=chosen, made=self.made + 1)

    def rename(self, key: str, name: str) -> CompareSetup:
        return replace(self, variants=tuple(replace(v, name=name.strip()) if v.key == key
                                            else v for v in self.variants))

    def delete(self, key: str) -> CompareSetup:
        return replace(self, variants=tuple(v for v in self.variants if v.key != key),
                       chosen=tuple(k for k in self.chosen if k != key))

    def choose(self, key: str, on: bool) -> CompareSetup:
        """Choose or drop a variant; the order stays that of the list (built-in first)."""
        wanted = (set(self.chosen) | {key}) if on else (set(self.chosen) - {key})
        return replace(self, chosen=tuple(k for k in self.every_key() if k in wanted))

    def every_key(self) -> tuple[str, ...]:
        return (*VARIANTS, *(v.key for v in self.variants))

    def variant(self, key: str) -> Variant | None:
        return next((v for v in self.variants if v.key == key), None)


def name_problem(name: str, setup: CompareSetup, lang: str,
                 renaming: str | None = None) -> str | None:
    """Why `name` cannot name an own variant (empty, too long, taken by another variant or
    by a built-in one in either language), or None."""
    name = name.strip()
    if not name:
        return t("variants.error.empty", lang)
    if len(name) > MAX_NAME:
        return t("variants.error.too_long", lang).format(length=len(name), limit=MAX_NAME)
    taken = {v.name.casefold(): v.name for v in setup.variants if v.key != renaming}
    taken |= {t(f"compare.{key}", other).casefold(): t(f"compare.{key}", other)
              for key in VARIANTS for other in LANGUAGES}
    if name.casefold() in taken:
        return t("variants.error.taken", lang).format(name=taken[name.casefold()])
    return None


def labels(setup: CompareSetup, lang: str, ran: Mapping[str, str] | None = None
           ) -> dict[str, str]:
    """Every variant's name as the page shows it: a built-in one's in the page's language,
    an own one's as it is called now, or as it was called when it ran (`ran`: a variant
    deleted since stays in the last comparison under its name)."""
    names = {key: t(f"compare.{key}", lang) for key in VARIANTS}
    names |= dict(ran or {})
    names |= {v.key: v.name for v in setup.variants}
    return names


def chosen_settings(setup: CompareSetup, pending: Settings) -> dict[str, Settings]:
    """The chosen variants' settings, in the list's order: the built-in ones from the
    sidebar as today, the own ones on the sidebar's scenario with its seed."""
    built_in = compare_variants(list(setup.chosen), pending)
    out: dict[str, Settings] = {}
    for key in setup.chosen:
        if key in built_in:
            out[key] = built_in[key]
        elif (own := setup.variant(key)) is not None:
            out[key] = replace(own.settings, base=pending.base, seed=pending.seed)
    return out


def describe(settings: Settings, lang: str) -> str:
    """A variant's policy on one line: budget cut, scale and the six levers."""
    levers = ", ".join(f"{t(f'lever.{name}', lang)} {number(f'{settings.levers[name]:.2f}', lang)}"
                       for name in LEVERS)
    return (f"{t('budget_cut', lang)} {100 * settings.budget_cut:.0f}% · {t('scale', lang)} "
            f"{t(f'scale.{settings.scale}', lang)} · {levers}")


def summary(table: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Per variant and key figure, at the end of the comparison: the mean of the last
    WINDOW weeks in each run, averaged over the seeds, and the lowest and highest run."""
    last = table[table["week"] > table["week"].max() - WINDOW]
    per_run = last.groupby(["variant", "seed"], sort=False)[[m for m, _ in KEY_FIGURES]].mean()
    rows = []
    for variant, runs in per_run.groupby(level="variant", sort=False):
        for metric, kind in KEY_FIGURES:
            values = runs[metric]
            rows.append({"variant": names.get(str(variant), str(variant)), "metric": metric,
                         "kind": kind, "mean": float(values.mean()),
                         "low": float(values.min()), "high": float(values.max())})
    return pd.DataFrame(rows)


def named(table: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The comparison table with each variant under its name (for the CSV)."""
    return table.assign(variant=table["variant"].map(lambda k: names.get(k, k)))
