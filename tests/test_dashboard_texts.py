"""Every text of the dashboard, in both languages, and every text the dashboard uses."""

from __future__ import annotations

import re

from dashboards.explorer import DOMAIN_FIGURES, KEY_FIGURES, MAP_OUTCOMES, domain_metric
from dashboards.i18n import LANGUAGES, TEXTS
from dashboards.session import VARIANTS
from model import DOMAINS, LEVER_SPECS, LEVERS, MODEL_METRICS, ROLE_NAMES, SCALES
from tests.conftest import ROOT

DASHBOARD_FILES = sorted((ROOT / "dashboards").glob("*.py"))


def test_every_text_has_both_languages():
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        for lang in LANGUAGES:
            assert texts[lang].strip(), (key, lang)


def test_every_text_the_dashboard_uses_exists():
    used = set()
    for path in DASHBOARD_FILES:
        used |= set(re.findall(r"""\bt\(\s*["']([^"'{}]+)["']\s*[,)]""", path.read_text()))
    # keys the code builds from names
    used |= {f"lever.{name}" for name in LEVERS} | {f"lever.{name}.help" for name in LEVERS}
    used |= {f"scale.{name}" for name in SCALES} | {f"role.{name}" for name in ROLE_NAMES}
    used |= {f"compare.{name}" for name in VARIANTS}
    used |= {f"compare.{name}.help" for name in VARIANTS}
    used |= {metric for metric, _ in KEY_FIGURES} | set(MAP_OUTCOMES)
    used |= {f"{metric}.help" for metric, _ in KEY_FIGURES}
    used |= {f"domain.{d}" for d in DOMAINS} | {f"domain.{d}.help" for d in DOMAINS}
    used |= {figure for figure, _ in DOMAIN_FIGURES}
    used |= {domain_metric(figure, d) for figure, _ in DOMAIN_FIGURES for d in DOMAINS}
    assert len(used) > 60
    missing = sorted(key for key in used if key not in TEXTS)
    assert not missing


def test_lever_texts_are_the_lever_declarations():
    for spec in LEVER_SPECS:
        assert TEXTS[f"lever.{spec.name}"] == spec.label
        assert TEXTS[f"lever.{spec.name}.help"] == spec.help


def test_every_per_domain_output_has_a_label():
    """The model's outputs per domain (unmet_share_care, ...) are named in both languages,
    with the domain's name; so is the cost of a reorganisation."""
    per_domain = [m for m in MODEL_METRICS if m.endswith(tuple(f"_{d}" for d in DOMAINS))]
    assert len(per_domain) == 6 * len(DOMAINS)
    for metric in [*per_domain, "spending_reorganisation"]:
        assert metric in TEXTS, metric
    assert TEXTS["unmet_share_youth_family"] == {
        "nl": "Onvervulde hulpvraag (Jeugd en gezin)", "en": "Unmet need (Youth and family)"}
