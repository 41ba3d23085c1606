"""Model parameters: every constant of the dynamics, with unit, default, range and source.

A scenario may override any of them under its `parameters:` key. The table in
`docs/parameters.md` is generated from this module (`python -m validation.parameter_docs`), and a
test fails when the two drift apart. The population's and needs' parameters are in
`model/parameters_people.py`, the field helpers in `model/parameter_fields.py`.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, field_validator

from model.clock import WEEKS_PER_YEAR
from model.levers import DEFAULT_LEVER_COSTS
from model.parameter_fields import (
    AGE_GROUPS,
    ASSUMPTION,
    CALIBRATED,
    DOMAINS,
    FIT,
    FIT_FILE,
    SCALES,
    param,
    per_age,
)
from model.parameters_people import PeopleParameters


class Parameters(PeopleParameters):
    """The constants of the weekly rules (docs/model.md#week). Defaults are the 2015 baseline."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    # --- Help -------------------------------------------------------------------------------
    informal_suitable_share: dict[str, float] = Field(
        {"care": 0.7, "youth_family": 0.4, "work_income": 0.3},
        description="Share of a need's help hours that informal helpers and volunteers can "
        "give, by domain; the rest needs a professional (seed 002: informal care has limits).",
        json_schema_extra={"unit": "share of requested hours", "source": ASSUMPTION,
                           "range": [0.0, 1.0]})
    informal_gap_fill: float = param(
        0.3, "share", ASSUMPTION + " (form: SCP 2017, Voor elkaar?, carers took over tasks "
        "after the 2015 cuts)",
        "For a resident who cannot get professional care, the share of the hours informal help "
        "is not suited for that carers still take on (times 1 - boundaries).", 0.0, 1.0)
    carers_per_need: int = param(
        2, "helpers", ASSUMPTION + " (SCP: care rests on one or two main carers)",
        "Most helper ties a resident in need leans on.", 1, 50)
    helper_overstretch: float = param(
        1.8, "x spare hours", ASSUMPTION + " (carer overload literature)",
        "Informal helpers take on up to this multiple of their sustainable hours.", 1.0, 5.0)
    boundaries_cap: float = param(
        0.08, "share", ASSUMPTION + " (bounded in docs/model.md#magnitudes: at 0.45, with "
        "relief 0.2, boundaries from 0.5 to 0 took the heavily burdened share of carers from "
        "9% to 56% and set off a burnout cascade)",
        "At boundaries = 1, the hours a helper takes on are cut by this share.", 0.0, 0.5)
    boundaries_complex_limit: float = param(
        0.4, "severity", ASSUMPTION,
        "At boundaries = 1, needs above severity 1 - this go to professionals only.", 0.0, 1.0)
    connect_reach_base: float = param(
        0.05, "share of spare hours", ASSUMPTION,
        "Share of untied helpers' spare hours in the neighbourhood reachable without matching.",
        0.0, 1.0)
    connect_reach: float = param(
        0.5, "share of spare hours", ASSUMPTION + " (ACTIE factors, Denters et al. 2012)",
        "Extra reach of matching at connect = 1.", 0.0, 1.0)
    belonging_reach: float = param(
        0.2, "share of spare hours", ASSUMPTION + " (belonging raises tie formation)",
        "Extra reach of matching per unit of the neighbourhood's mean belonging above 0.5 "
        "(the network is fixed; new acquaintances show up as wider matching).", 0.0, 1.0)
    volunteer_care_share: float = param(
        0.2, "share of volunteer hours", ASSUMPTION + " (CBS: most volunteering is in sport, "
        "schools, religion and culture; care and welfare is a minority of it)",
        "Share of volunteer hours that initiatives spend on residents' support needs.",
        0.0, 1.0)
    volunteer_hours_cap: float = param(
        6.0, "hours/week", ASSUMPTION + " (with CBS's 4-4.5 hours a week among volunteers)",
        "Most hours a volunteer gives a week.", 0.0, 40.0)
    initiative_paperwork: float = param(
        0.2, "share of hours", ASSUMPTION + " (governing nearby: trust cuts accountability)",
        "Share of initiative hours lost to accountability at trust lever 0.", 0.0, 1.0)
    volunteer_reach_base: float = param(
        0.4, "share", ASSUMPTION, "Share of initiative hours that reach needs without matching.",
        0.0, 1.0)
    volunteer_reach_connect: float = param(
        0.5, "share", ASSUMPTION, "Extra reach of initiative hours at connect = 1.", 0.0, 1.0)
    referral_strength: float = param(
        0.3, "share", ASSUMPTION + " (near professionalism, seed 003)",
        "Extra reach of informal and volunteer help from professionals' referrals, times the "
        "scale's proximity and the team's support (its network hours per active helper "
        "relative to `network_support_hours`, at most 1).", 0.0, 2.0)

    # --- Professionals and municipality -------------------------------------------------------
    fte_hours: float = param(36.0, "hours/week", "Dutch full-time week", "Hours of one FTE.",
                             1.0, 60.0)
    fte_cost: float = param(
        75000.0, "euro/year", ASSUMPTION + " (loaded cost of a social worker)",
        "Yearly cost of one professional FTE.", 1000.0, 500000.0)
    admin_share_base: float = param(
        0.3, "share of hours", ASSUMPTION,
        "Administrative share of professional hours at trust lever 0.", 0.0, 0.9)
    admin_trust_relief: float = param(
        0.5, "share", ASSUMPTION, "Share of admin time removed at trust lever 1.", 0.0, 1.0)
    multi_domain_intake_extra: float = param(
        0.3, "share of hours", ASSUMPTION + " (ontschotting, seed 004 knob 4)",
        "Extra professional hours for a two-domain case without integrated teams.", 0.0, 2.0)
    intake_weeks: int = param(
        6, "weeks", "Wmo 2015 art. 2.3.2: the assessment after a request for support takes "
        "at most six weeks (the GGZ Treeknorm allows 4 weeks to intake and 6 more to "
        "treatment); reported waits are often longer, which capacity adds here",
        "Weeks a new case for the neighbourhood team waits for its assessment before care "
        "can start; it is on the waiting list meanwhile.", 0, 26)
    access_threshold_initial: float = param(
        0.32, "severity", ASSUMPTION + " (about where the 2015 baseline's access rule settles, "
        "so that the spin-up starts near it)",
        "Severity needed for professional care at the start of the spin-up.", 0.0, 1.0)
    access_threshold_min: float = param(
        0.1, "severity", ASSUMPTION, "Lowest access threshold.", 0.0, 1.0)
    access_threshold_max: float = param(
        0.85, "severity", ASSUMPTION, "Highest access threshold.", 0.0, 1.0)
    access_tightening_limit: float = param(
        0.05, "severity", ASSUMPTION + " (the Wmo 2015 and the Jeugdwet make support an "
        "entitlement to be assessed case by case: a municipality can narrow access only so "
        "far; after 2015 cuts showed as waiting lists and budget ceilings, not only as "
        "refusals)",
        "How far a team may raise its access threshold during a run above the threshold "
        "it had at week 0.", 0.0, 1.0)
    access_threshold_step: float = param(
        0.01, "severity per quarter", ASSUMPTION,
        "Quarterly change of the access threshold when money or capacity is short or idle.",
        0.0, 0.5)
    idle_tolerance: float = param(
        0.1, "share of direct hours", ASSUMPTION,
        "Idle share of the team's direct hours in a quarter above which the access threshold "
        "is loosened.", 0.0, 1.0)
    overspend_tolerance: float = param(
        0.02, "share of the budget to date", ASSUMPTION,
        "Spending ahead of the budget by more than this share makes access stricter.",
        0.0, 1.0)
    aim_weak_factor: float = param(
        1.5, "x lever", ASSUMPTION + " (policy.aim: weak_neighbourhoods)",
        "Strength of connect and belonging in neighbourhoods below the median SES when they "
        "are aimed at weak neighbourhoods (at most 1).", 1.0, 5.0)
    aim_strong_factor: float = param(
        0.5, "x lever", ASSUMPTION + " (policy.aim: weak_neighbourhoods)",
        "Strength of connect and belonging in the other neighbourhoods then.", 0.0, 1.0)
    waiting_tolerance: float = param(
        0.25, "share of eligible", ASSUMPTION + " (municipalities accepted long queues in "
        "youth care after 2015 before narrowing access)",
        "Share of eligible cases queueing for the team's hours after their intake above "
        "which the threshold is raised.", 0.0, 1.0)
    scale_proximity: dict[str, float] = Field(
        {"hyperlocal": 1.0, "local": 0.85, "intermunicipal": 0.7, "regional": 0.55},
        description="Proximity of professionals to residents (1 = in the neighbourhood), by "
        "scale; drives referrals and the speed of trust.",
        json_schema_extra={"unit": "0..1", "source": ASSUMPTION + " (seed 002, 003)",
                           "range": [0.0, 1.0]})
    scale_overhead: dict[str, float] = Field(
        {"hyperlocal": 0.2, "local": 0.15, "intermunicipal": 0.12, "regional": 0.1},
        description="Overhead on professional cost, by scale (larger scale, lower overhead).",
        json_schema_extra={"unit": "share of staff cost",
                           "source": ASSUMPTION + " (seed 002: scale advantages)",
                           "range": [0.0, 1.0]})
    domain_spinup_access_step: float = param(
        0.04, "threshold per quarter", ASSUMPTION + " (a device of the spin-up, not "
        "behaviour: four times access_threshold_step lets the teams of each domain reach the "
        "access their own budget supports within the spin-up)",
        "Step of the access rule during the spin-up for per-domain teams.", 0.0, 0.2)
    reorganisation_cost: float = param(
        0.02, "share of the domain's yearly budget", ASSUMPTION + " (staff time, systems and "
        "contracts to re-tender when a domain moves to another scale; no Dutch figure found "
        "for a move between scales, so a few percent of one year's budget)",
        "One-off cost of moving a domain to another scale, paid from its budget in the year "
        "of the move (per-domain teams only).", 0.0, 0.2)
    reorganisation_proximity_dip: float = param(
        0.3, "share of proximity", ASSUMPTION + " (new teams must learn the area and its "
        "networks; the 2015 transition took about a year to settle, SCP Overall rapportage "
        "sociaal domein 2015)",
        "Relative fall of the new teams' proximity just after a domain moves to another "
        "scale; it recovers linearly.", 0.0, 1.0)
    reorganisation_recovery_weeks: int = param(
        WEEKS_PER_YEAR, "weeks", ASSUMPTION + " (as reorganisation_proximity_dip)",
        "Weeks until the new teams' proximity is back at their scale's level.", 1, 520)
    reorganisation_trust_loss: float = param(
        0.02, "trust (0..1)", ASSUMPTION + " (clients who must change team and case worker)",
        "Trust lost at the move by residents whose need is in the domain that moves.",
        0.0, 0.2)
    lever_cost: dict[str, float] = Field(
        dict(DEFAULT_LEVER_COSTS),
        description="Yearly cost per inhabitant of each lever at full strength (1).",
        json_schema_extra={"unit": "euro/inhabitant/year", "source": ASSUMPTION,
                           "range": [0.0, 100.0]})
    initiative_subsidy: float = param(
        5000.0, "euro/initiative/year", ASSUMPTION, "Yearly subsidy per citizen initiative.",
        0.0, 100000.0)
    network_support_hours: float = param(
        1.0, "hours/week per helper", ASSUMPTION,
        "Professional network hours per active helper at which support is full.", 0.01, 40.0)
    support_strain_relief: float = param(
        0.5, "share", ASSUMPTION + " (near professionalism, seed 003)",
        "Rise of a helper's sustainable hours at full professional support.", 0.0, 5.0)

    boundaries_strain_relief: float = param(
        0.1, "share", ASSUMPTION + " (carer overload literature; bounded as `boundaries_cap`)",
        "Rise of a helper's sustainable hours at boundaries = 1.", 0.0, 0.5)

    # --- Participation ------------------------------------------------------------------------
    weight_motivation: float = param(
        0.6, "drive per unit", ASSUMPTION, "Weight of intrinsic motivation in the drive.",
        0.0, 2.0)
    weight_social: float = param(
        0.3, "drive per unit", ASSUMPTION + " (Granovetter 1978)",
        "Weight of the share of active ties in the drive.", 0.0, 2.0)
    weight_belonging: float = param(
        0.2, "drive per unit", ASSUMPTION, "Weight of sense of belonging in the drive.", 0.0, 2.0)
    weight_pressure: float = param(
        0.05, "drive per unit", ASSUMPTION + " (extrinsic push, the price effect of Frey & "
        "Jegen 2001; small for voluntary work: CBS volunteering stayed near 49% through the "
        "2015 push toward the participation society; bounded in docs/model.md#magnitudes)",
        "Weight of steering pressure in the drive.", 0.0, 0.2)
    weight_connect: float = param(
        0.03, "drive per unit", ASSUMPTION + " (form: being asked is among the strongest "
        "predictors of volunteering, Musick & Wilson 2008; value assumed, bounded in "
        "docs/model.md#magnitudes)",
        "Rise of the drive per unit of connect above 0.5 (residents who are connected are "
        "asked).", 0.0, 0.5)
    pressure_push_limit: float = param(
        0.4, "steering pressure (0..1)", ASSUMPTION + " (Frey & Jegen 2001: past a moderate "
        "level the crowding-out effect outweighs the price effect)",
        "Steering pressure beyond which more pressure adds no direct push to the drive.",
        0.0, 1.0)
    room_floor: float = param(
        0.85, "share", ASSUMPTION + " (autonomy, self-determination theory; bounded in "
        "docs/model.md#magnitudes: at 0.5 room to act 0 took away 72% of participation)",
        "Share of motivation that becomes action at room to act 0 (1 at room to act 1).",
        0.5, 1.0)
    drive_noise: float = param(
        0.06, "drive (0..1)", ASSUMPTION,
        "Standard deviation of the noise in the drive (chance events, moods, life changes).",
        0.0, 1.0)
    drive_noise_persistence: float = param(
        FIT["drive_noise_persistence"], "correlation per week",
        CALIBRATED + " CBS volunteering, 30% monthly of 49% yearly",
        "Week-to-week autocorrelation of the drive noise (0: new every week; 0.95: spells "
        "of about 20 weeks).", 0.0, 0.999)
    role_review_rate: float = param(
        0.01, "per week", ASSUMPTION + " (roles are reconsidered about every two years: caring "
        "ends with the need it answered, volunteers change organisations; without it the mix "
        "of helpers and volunteers drifts for decades)",
        "Weekly chance that an active helper or volunteer chooses a role again, as one who "
        "starts taking part does.", 0.0, 1.0)
    carer_pull: float = param(
        0.35, "probability", ASSUMPTION,
        "Chance that a newly active resident with a tie in need becomes that tie's informal "
        "helper.", 0.0, 1.0)
    volunteer_propensity: float = param(
        0.8, "probability", ASSUMPTION,
        "Chance, at SES 0.5, that a newly active resident who does not become a tie's "
        "informal helper (no tie in need, or not pulled in by `carer_pull`) joins an "
        "initiative in the own neighbourhood (if there is one); otherwise they help "
        "informally through matching.",
        0.0, 1.0)
    volunteer_ses_effect: float = param(
        0.3, "probability per unit SES", ASSUMPTION + " (CBS: volunteering by education)",
        "Change of that chance from the lowest to the highest SES.", 0.0, 1.0)

    # --- Motivation ---------------------------------------------------------------------------
    crowd_out_depth: float = param(
        0.4, "share of motivation", "Deci, Koestner & Ryan 1999 (bound); Frey & Jegen 2001 "
        "(form)", "Share of the motivation target lost at full steering pressure and no "
        "room to act.", 0.0, 0.6)
    crowd_out_room_power: float = param(
        2.0, "exponent", ASSUMPTION + " (self-determination theory: with room to act, "
        "pressure is more easily internalised)",
        "Crowding out scales with (1 - room to act) to this power: room shields motivation "
        "more than proportionally.", 0.0, 5.0)
    motivation_recovery: float = param(
        0.004, "share of gap per week", ASSUMPTION + " (hysteresis: slower than erosion)",
        "Weekly recovery of motivation toward its target.", 0.0, 1.0)
    motivation_decline: float = param(
        0.02, "share of gap per week", ASSUMPTION,
        "Weekly decline of motivation toward a lower target.", 0.0, 1.0)
    motivation_room_effect: float = param(
        0.1, "share", ASSUMPTION + " (crowding in; bounded in docs/model.md#magnitudes)",
        "Relative rise of the motivation target at room to act 1 (vs 0.5).", 0.0, 0.5)
    motivation_trust_effect: float = param(
        0.2, "share", ASSUMPTION, "Relative rise of the motivation target per unit of trust "
        "above 0.5.", 0.0, 2.0)

    # --- Strain -------------------------------------------------------------------------------
    strain_gain: float = param(
        0.15, "strain per unit overload per week", ASSUMPTION,
        "Strain added per week per unit of load above what is sustainable.", 0.0, 5.0)
    strain_recovery: float = param(
        0.05, "share per week", ASSUMPTION, "Weekly decay of strain.", 0.0, 1.0)
    heavy_strain: float = param(
        FIT["heavy_strain"], "strain",
        CALIBRATED + " heavily burdened carers, about 1 in 10 (SCP 2014/2016, CBS/RIVM)",
        "Strain at which a helper counts as heavily burdened (zwaar belast).", 0.0, 10.0)
    burnout_strain: float = param(
        1.75, "strain", ASSUMPTION + " (about the 98th percentile of carers' yearly highest "
        "strain in the baseline without burnout, above `heavy_strain` at the 90th: a few in "
        "100 carers burn out in a year, a small part of the 1 in 10 SCP finds heavily "
        "burdened)",
        "Strain at which a helper burns out.", 0.0, 10.0)
    burnout_weeks: int = param(
        13, "weeks", ASSUMPTION + " (a few months; at 26 the lack of boundaries kept a fifth "
        "of participation out, beyond docs/model.md#magnitudes)",
        "Weeks a burned-out resident takes no role.", 1, 520)
    burnout_motivation_loss: float = param(
        0.05, "share", ASSUMPTION + " (at 0.3 every burnout removed a participant for years and "
        "burnouts cascaded; bounded in docs/model.md#magnitudes)",
        "Share of motivation lost at burnout.", 0.0, 1.0)
    burnout_trust_loss: float = param(
        0.1, "trust (0..1)", ASSUMPTION, "Trust lost at burnout.", 0.0, 1.0)

    # --- Trust and belonging --------------------------------------------------------------------
    trust_rate: float = param(
        0.01, "share of gap per week", ASSUMPTION,
        "Weekly drift of trust toward its target, times proximity.", 0.0, 1.0)
    trust_met_effect: float = param(
        0.3, "trust (0..1)", ASSUMPTION, "Trust target change from needs fully met (vs half met).",
        0.0, 2.0)
    trust_lever_effect: float = param(
        0.15, "trust (0..1)", ASSUMPTION + " (governing nearby)",
        "Trust target rise at trust lever 1.", 0.0, 1.0)
    trust_pressure_effect: float = param(
        0.2, "trust (0..1)", ASSUMPTION, "Trust target fall at steering pressure 1.", 0.0, 1.0)
    trust_volatility_effect: float = param(
        0.3, "trust per unit volatility", ASSUMPTION + " (seed 004 knob 1: steady vision)",
        "Trust target fall per unit of policy volatility.", 0.0, 2.0)
    trust_proximity_effect: float = param(
        0.1, "trust (0..1)", ASSUMPTION, "Trust target rise from proximity 0 to 1.", 0.0, 1.0)
    volatility_decay: float = param(
        0.02, "share per week", ASSUMPTION, "Weekly decay of remembered policy changes.",
        0.0, 1.0)
    belonging_rate: float = param(
        0.005, "share of gap per week", ASSUMPTION,
        "Weekly drift of belonging toward its target.", 0.0, 1.0)
    belonging_lever_effect: float = param(
        0.2, "belonging (0..1)", ASSUMPTION, "Belonging target rise at belonging lever 1.",
        0.0, 1.0)
    belonging_social_reference: float = param(
        0.65, "share of ties", ASSUMPTION + " (about the mean share of active ties in the 2015 "
        "baseline, so that a neighbourhood's belonging in the scenario is its steady state "
        "there)",
        "Share of active ties at which active ties leave belonging's target unchanged.",
        0.0, 1.0)
    belonging_social_effect: float = param(
        0.2, "belonging (0..1)", ASSUMPTION + " (relatedness, social capital)",
        "Belonging target rise from active ties (all ties active vs 30%).", 0.0, 1.0)

    # --- Initiatives --------------------------------------------------------------------------
    initiatives_per_1000: float = param(
        3.0, "initiatives per 1,000 residents", ASSUMPTION + " (volunteering needs an "
        "organisation nearby; at 1 per 1,000 some neighbourhoods had none, and no volunteers)",
        "Citizen initiatives and volunteer organisations at the start.", 0.0, 50.0)
    initiative_formation_rate: float = param(
        0.006, "per week per 1,000 residents", ASSUMPTION,
        "Base weekly rate of new initiatives, times room to act and belonging.", 0.0, 1.0)
    initiative_min_members: int = param(
        4, "members", ASSUMPTION, "Below this an initiative is at risk of dissolving.", 1, 100)
    initiative_end_rate: float = param(
        0.0015, "per week", ASSUMPTION + " (a mean life of about 13 years; with "
        "`initiative_formation_rate` it makes `initiatives_per_1000` the steady state at "
        "room to act and belonging 0.5)",
        "Weekly chance that an initiative of any size ends (its founders move on).", 0.0, 1.0)
    initiative_dissolve_rate: float = param(
        0.03, "per week", ASSUMPTION, "Weekly chance that a too-small initiative dissolves.",
        0.0, 1.0)

    # --- The start ------------------------------------------------------------------------------
    spinup_years: int = param(
        2, "years", ASSUMPTION + " (long enough for the baseline's yearly means to stay within "
        "the tolerances of docs/validation.md#stationarity; measured there)",
        "Years simulated before week 0 under the starting levers, budget and scale, and not "
        "reported, so that a run starts in the steady state of its starting conditions.",
        0, 20)

    # --- Municipality learning (knob 5) ---------------------------------------------------------
    learning_step: float = param(
        0.05, "lever units per quarter", ASSUMPTION + " (seed 004 knob 5)",
        "Quarterly lever adjustment by the adaptive rule.", 0.0, 1.0)


    @field_validator("scale_proximity", "scale_overhead", "lever_cost",
                     "informal_suitable_share", mode="before")
    @classmethod
    def _merge_defaults(cls, value: Any, info: Any) -> Any:
        """A scenario may give only some keys of a dict parameter; the rest keep defaults."""
        if isinstance(value, dict):
            return {**cls.model_fields[info.field_name].default, **value}
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _check_collections(cls, value: Any, info: Any) -> Any:
        """Per-age tuples need one value per age group; dicts need exactly their keys."""
        extra = cls.model_fields[info.field_name].json_schema_extra or {}
        lo, hi = extra.get("range", [None, None])
        if isinstance(value, tuple):
            if len(value) != len(AGE_GROUPS):
                raise ValueError(f"needs {len(AGE_GROUPS)} values, one per age group "
                                 f"{', '.join(AGE_GROUPS)}")
            values = value
        elif isinstance(value, dict):
            expected = cls.model_fields[info.field_name].default
            unknown = sorted(set(value) - set(expected))
            if unknown:
                raise ValueError(f"unknown key {', '.join(unknown)}; allowed: "
                                 f"{', '.join(expected)}")
            values = tuple(value.values())
        else:
            return value
        if any(not lo <= v <= hi for v in values):
            raise ValueError(f"each value must lie between {lo} and {hi}")
        return value


DEFAULT_PARAMETERS = Parameters()

__all__ = ["AGE_GROUPS", "ASSUMPTION", "CALIBRATED", "DEFAULT_PARAMETERS", "DOMAINS", "FIT",
           "FIT_FILE", "SCALES", "Parameters", "param", "per_age"]
