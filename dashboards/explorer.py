"""The simulation a dashboard page drives: its settings, its own model, and the figures the
page shows. No UI code here, so the page stays thin and this part is tested directly.

The levers act at once on a running model (a policy change mid-course, which the model
remembers as churn); budget cut, scale, the per-domain settings, horizon and seed shape the
region and take effect at the next reset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboards.settings import Settings
from model import DOMAINS, ROLE_NAMES, ParticipationModel, year_of

# The key figures, in the order of the cards: (metric, format). Formats: pct, int, num, eur.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("participation", "pct"),
    ("unmet_share", "pct"),
    ("waiting_list", "int"),
    ("overburdened_share", "pct"),
    ("mean_trust", "num"),
    ("cost_per_inhabitant", "eur"),
    ("budget_balance", "eur"),
)
# The key figures per domain, in the order of the table's columns: (figure, format). The
# model's column for a domain is `domain_metric(figure, domain)`, e.g. unmet_share_care; the
# model reports them with one team for all domains too (docs/model.md#outputs).
DOMAIN_FIGURES: tuple[tuple[str, str], ...] = (
    ("unmet_share", "pct"),
    ("waiting_list", "int"),
    ("cost_per_inhabitant", "eur"),
    ("overhead_per_case", "eur"),
)


def domain_metric(figure: str, domain: str) -> str:
    """The model's column of a figure for one domain."""
    return f"{figure}_{domain}"


# Outcomes a neighbourhood can be coloured by (the neighbourhood table's columns).
MAP_OUTCOMES: tuple[str, ...] = (
    "unmet_share", "participation", "overburdened_share", "mean_trust", "waiting_list",
    "volunteer_share", "informal_helper_share",
    *(domain_metric(figure, d) for figure in ("unmet_share", "waiting_list") for d in DOMAINS),
)
_KINDS = {**dict(KEY_FIGURES), **{domain_metric(figure, d): kind
                                  for figure, kind in DOMAIN_FIGURES for d in DOMAINS}}


def metric_kind(metric: str) -> str:
    """How a metric is formatted: the key figures' formats (per domain too), other shares
    as percentages."""
    return _KINDS.get(metric, "pct")
WINDOW = 4  # weeks averaged for a key figure, now and at the start (weekly figures jitter)


@dataclass
class KeyFigure:
    metric: str
    kind: str
    value: float
    start: float

    @property
    def change(self) -> float:
        return self.value - self.start


def _key_figure(weeks: pd.DataFrame, metric: str, kind: str) -> KeyFigure:
    if weeks.empty:
        return KeyFigure(metric, kind, float("nan"), float("nan"))
    return KeyFigure(metric, kind, float(weeks[metric].tail(WINDOW).mean()),
                     float(weeks[metric].head(WINDOW).mean()))


@dataclass
class Explorer:
    """The simulation one page drives: a model made from the settings, stepped by the page,
    and the figures the page reads from it."""

    settings: Settings
    model: ParticipationModel = field(init=False)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self, settings: Settings | None = None) -> None:
        """A new model from the settings (the same seed gives the same run)."""
        if settings is not None:
            self.settings = settings
        self.model = ParticipationModel(self.settings.scenario())

    @property
    def week(self) -> int:
        return self.model.week

    @property
    def year(self) -> int:
        """1-based year of the last simulated week (1 before anything ran)."""
        return year_of(self.model.week) + 1

    @property
    def finished(self) -> bool:
        return not self.model.running

    def step(self, weeks: int = 1) -> None:
        self.model.run(weeks)

    def set_levers(self, changes: Mapping[str, float]) -> None:
        """Move levers (by name) now, in the running model, and remember them for the next
        reset."""
        changed = {k: v for k, v in changes.items() if self.settings.levers.get(k) != v}
        if not changed:
            return
        self.settings = self.settings.with_levers(changed)
        self.model.set_levers(changed)

    def history(self) -> pd.DataFrame:
        """One row per simulated week (week 0, the start, left out)."""
        frame = self.model.datacollector.get_model_vars_dataframe()
        return frame[frame["week"] > 0].reset_index(drop=True)

    def key_figures(self) -> list[KeyFigure]:
        """Each key figure now (mean of the last WINDOW weeks) and at the start (the first
        WINDOW weeks)."""
        weeks = self.history()
        return [_key_figure(weeks, metric, kind) for metric, kind in KEY_FIGURES]

    def domain_figures(self) -> dict[str, list[KeyFigure]]:
        """Per domain, its key figures (DOMAIN_FIGURES), now and at the start as the key
        figures are: weekly figures per domain jitter more than those of all three."""
        weeks = self.history()
        return {d: [_key_figure(weeks, domain_metric(figure, d), kind)
                    for figure, kind in DOMAIN_FIGURES] for d in DOMAINS}

    def neighbourhoods(self) -> pd.DataFrame:
        """The latest week's row of every neighbourhood, with its SES."""
        table = self.model.datacollector.get_table_dataframe("neighbourhoods")
        latest = table[table["week"] == table["week"].max()]
        return latest.reset_index(drop=True)

    def weak_strong_gap(self) -> pd.DataFrame:
        """Per week: unmet need and participation in neighbourhoods below and above the
        median SES (weighted by residents), and the gap between them."""
        table = self.model.datacollector.get_table_dataframe("neighbourhoods")
        table = table[table["week"] > 0]
        if table.empty:
            return pd.DataFrame(columns=["week", "unmet_weak", "unmet_strong", "unmet_gap",
                                         "participation_weak", "participation_strong"])
        median = float(np.median(table.drop_duplicates("neighbourhood")["ses"]))
        table = table.assign(group=np.where(table["ses"] < median, "weak", "strong"))
        rows = {}
        for metric in ("unmet_share", "participation"):
            weighted = table.assign(w=table[metric] * table["residents"])
            sums = weighted.groupby(["week", "group"])[["w", "residents"]].sum()
            share = (sums["w"] / sums["residents"]).unstack("group")
            key = metric.split("_")[0]
            rows[f"{key}_weak"] = share.get("weak", np.nan)
            rows[f"{key}_strong"] = share.get("strong", np.nan)
        gap = pd.DataFrame(rows).reset_index()
        gap["unmet_gap"] = gap["unmet_weak"] - gap["unmet_strong"]
        return gap

    def network_sample(self, neighbourhood: int, size: int = 120
                       ) -> tuple[pd.DataFrame, np.ndarray]:
        """Up to `size` residents of one neighbourhood, with their role, and the ties among
        them (pairs of row numbers). The sample snowballs out from the neighbourhood's first
        resident along ties within the neighbourhood, so it is connected, and it stays the
        same while the model runs and roles change."""
        r, net = self.model.residents, self.model.network
        inside = r.neighbourhood == neighbourhood
        first = int(np.argmax(inside))
        taken = np.zeros(len(r), dtype=bool)
        taken[first] = True
        members, frontier = [first], np.array([first])
        while len(members) < size and len(frontier):
            reached = np.unique(net.indices[net.ties_of(frontier)])
            reached = reached[inside[reached] & ~taken[reached]][: size - len(members)]
            taken[reached] = True
            members.extend(reached.tolist())
            frontier = reached
        members = np.array(members)
        index = np.full(len(r), -1)
        index[members] = np.arange(len(members))
        sizes = net.indptr[members + 1] - net.indptr[members]
        source = np.repeat(np.arange(len(members)), sizes)
        target = index[net.indices[net.ties_of(members)]]
        keep = target > source  # within the sample, each tie once
        nodes = pd.DataFrame({"resident": members,
                              "role": [ROLE_NAMES[k] for k in r.role[members]]})
        return nodes, np.column_stack([source[keep], target[keep]])

