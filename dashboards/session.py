"""What one dashboard session explores: its settings, its own model, and the figures the
page shows. No UI code here, so the page stays thin and this part is tested directly.

The levers act at once on a running model (a policy change mid-course, which the model
remembers as churn); budget cut, scale, horizon and seed shape the region and take effect
at the next reset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from model import ROLE_NAMES, ParticipationModel, Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = "baseline_2015"
MAX_BUDGET_CUT = 0.5
MAX_HORIZON = 20

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
# Outcomes a neighbourhood can be coloured by (the neighbourhood table's columns).
MAP_OUTCOMES: tuple[str, ...] = (
    "unmet_share", "participation", "overburdened_share", "mean_trust", "waiting_list",
    "volunteer_share", "informal_helper_share",
)
WINDOW = 4  # weeks averaged for a key figure, now and at the start (weekly figures jitter)


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios a user can pick, by name (the validation ones are for experiments)."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


@dataclass(frozen=True)
class Settings:
    """Everything the sliders set, on top of a base scenario."""

    base: Scenario
    levers: dict[str, float]
    budget_cut: float = 0.0  # share of the scenario's budget per inhabitant taken away
    scale: str = "local"
    horizon_years: int = 10
    seed: int = 0

    @classmethod
    def of(cls, scenario: Scenario) -> Settings:
        """The scenario's own settings."""
        return cls(scenario, scenario.levers.model_dump(), 0.0, scenario.scale,
                   scenario.horizon_years, scenario.seed)

    def with_levers(self, **changes: float) -> Settings:
        return replace(self, levers={**self.levers, **changes})

    def scenario(self) -> Scenario:
        """The base scenario with these settings applied. Lever sliders set every
        municipality's levers (a municipality's own lever values give way to them)."""
        data = self.base.model_dump()
        data["levers"] = dict(self.levers)
        for municipality in data["region"]["municipalities"]:
            municipality["levers"] = None
            if municipality.get("budget_per_inhabitant") is not None:
                municipality["budget_per_inhabitant"] *= 1.0 - self.budget_cut
        data["budget"]["per_inhabitant"] *= 1.0 - self.budget_cut
        data["scale"] = self.scale
        data["horizon_years"] = self.horizon_years
        data["schedule"] = [e for e in data["schedule"] if e["year"] < self.horizon_years]
        data["seed"] = self.seed
        return Scenario.model_validate(data)


def letting_go(settings: Settings) -> Settings:
    """The 'letting go' variant of seed 005 ((n)iets doen): room to act and trust high, no
    steering pressure, the other levers low (the niets_doen scenario's levers)."""
    return settings.with_levers(room_to_act=0.9, connect=0.35, belonging=0.35,
                                boundaries=0.35, trust=0.85, steering_pressure=0.0)


@dataclass
class KeyFigure:
    metric: str
    kind: str
    value: float
    start: float

    @property
    def change(self) -> float:
        return self.value - self.start


@dataclass
class Explorer:
    """One session's model, stepped by the page."""

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
        return self.model.steps

    @property
    def year(self) -> int:
        """1-based year of the last simulated week (1 before anything ran)."""
        return max(self.model.steps - 1, 0) // 52 + 1

    @property
    def finished(self) -> bool:
        return not self.model.running

    def step(self, weeks: int = 1) -> None:
        self.model.run(weeks)

    def set_levers(self, **changes: float) -> None:
        """Move levers now, in the running model, and remember them for the next reset."""
        changed = {k: v for k, v in changes.items() if self.settings.levers.get(k) != v}
        if not changed:
            return
        self.settings = self.settings.with_levers(**changed)
        self.model.set_levers(changed)

    def history(self) -> pd.DataFrame:
        """One row per simulated week (week 0, the start, left out)."""
        frame = self.model.datacollector.get_model_vars_dataframe()
        return frame[frame["week"] > 0].reset_index(drop=True)

    def key_figures(self) -> list[KeyFigure]:
        """Each key figure now (mean of the last WINDOW weeks) and at the start (the first
        WINDOW weeks)."""
        weeks = self.history()
        figures = []
        for metric, kind in KEY_FIGURES:
            if weeks.empty:
                figures.append(KeyFigure(metric, kind, float("nan"), float("nan")))
                continue
            figures.append(KeyFigure(metric, kind, float(weeks[metric].tail(WINDOW).mean()),
                                     float(weeks[metric].head(WINDOW).mean())))
        return figures

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


def load_uploaded(name: str, content: bytes) -> Scenario:
    """A scenario from an uploaded file; ScenarioError (with problems) when it is invalid."""
    from model import NOTHING, Problem, ScenarioError, parse_yaml, validate_data

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Problem(name, "", NOTHING, "is not a text (YAML) file")]) from None
    return validate_data(parse_yaml(text, name), name)


def load_shipped(name: str) -> Scenario:
    return load_scenario(shipped_scenarios()[name])
