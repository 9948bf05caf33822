"""The partnership template: the shipped file, overrides, matchers and validation errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnernet.analysis.template import (
    Matcher,
    Severity,
    TemplateError,
    Where,
    load_template,
    parse_template,
)
from partnernet.graph.model import CouncilLevel, NodeKind, RelType

SHIPPED = Path(__file__).parents[2] / "partnernet" / "data" / "partnership_template.yaml"


def _shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: object, name: str = "my_template.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _error(tmp_path: Path, data: object) -> str:
    with pytest.raises(TemplateError) as info:
        load_template(_write(tmp_path, data))
    return str(info.value)


# --- the shipped template -------------------------------------------------------------------


def test_shipped_template_expects_the_provincial_partners_of_the_design() -> None:
    template = load_template()
    roles = {r.id: r for r in template.roles_for("provincial")}
    assert list(roles) == [
        "governor_office",
        "pao",
        "msdhs_office",
        "cdd_office",
        "codi_office",
        "university",
        "civil_society",
    ]
    assert roles["codi_office"].where is Where.SAME_REGION  # CODI's office may be elsewhere
    assert roles["governor_office"].match[0].kind is NodeKind.AGENCY
    assert roles["governor_office"].match[0].type == ("governor_office",)
    assert roles["university"].match[0].kind is NodeKind.ACADEMIC
    assert roles["civil_society"].match[0].kind is NodeKind.CIVIL_SOCIETY_GROUP
    assert roles["governor_office"].name_th == "สำนักงานจังหวัด (ผู้ว่าราชการจังหวัด)"
    assert template.councils[CouncilLevel.PROVINCIAL].required


def test_shipped_template_local_councils_and_province_expectations() -> None:
    template = load_template()
    local = {r.id: r for r in template.roles_for("subdistrict")}
    assert local["local_government"].match[0].type == ("sao", "municipality")
    assert local["local_government"].where is Where.SAME_DISTRICT
    assert local["local_government"].gap_kind == "subdistrict_council_unlinked_local_government"
    assert local["provincial_network"].via == (RelType.MEMBER_OF, RelType.PARTNERS_WITH)
    assert local["provincial_network"].gap_kind == "subdistrict_council_unlinked_network"
    assert template.roles_for("municipal") == template.roles_for("subdistrict")
    assert template.roles_for("national") == ()
    assert template.roles_for("no-such-level") == ()
    assert [p.gap_kind for p in template.province] == [
        "no_provincial_network",
        "no_district_mechanism",
    ]


def test_load_template_returns_the_same_default_object() -> None:
    assert load_template() is load_template()


def test_allowed_pairs_are_data() -> None:
    template = load_template()
    cbo = {"kind": "CommunityOrganization", "type": "savings_group"}
    sub = {"kind": "Council", "level": "subdistrict"}
    ministry = {"kind": "Agency", "type": "ministry"}
    sao = {"kind": "Agency", "type": "sao"}
    assert not any(m.matches(ministry) for m in template.allowed_targets(cbo))
    assert any(m.matches(sao) for m in template.allowed_targets(cbo))
    assert not any(m.matches(ministry) for m in template.allowed_targets(sub))
    assert any(
        m.matches(ministry)
        for m in template.allowed_targets({"kind": "Council", "level": "provincial"})
    )
    assert template.allowed_targets({"kind": "Agency", "type": "pao"}) == ()


def test_matcher_type_exclude_and_level() -> None:
    m = Matcher.model_validate({"kind": "Agency", "type": "pao"})
    assert m.type == ("pao",)
    assert m.matches({"kind": "Agency", "type": "pao"})
    assert not m.matches({"kind": "Agency", "type": "sao"})
    assert not m.matches({"kind": "Council", "type": "pao"})
    ex = Matcher.model_validate({"kind": "Agency", "exclude_type": ["ministry"]})
    assert ex.matches({"kind": "Agency", "type": "pao"})
    assert ex.matches({"kind": "Agency"})
    assert not ex.matches({"kind": "Agency", "type": "ministry"})
    lv = Matcher.model_validate({"kind": "Council", "level": ["district", "provincial"]})
    assert lv.matches({"kind": "Council", "level": "district"})
    assert not lv.matches({"kind": "Council", "level": "subdistrict"})


def test_severity_steps() -> None:
    assert Severity.HIGH.lowered(1) is Severity.MEDIUM
    assert Severity.HIGH.lowered(5) is Severity.LOW
    assert Severity.MEDIUM.lowered(0) is Severity.MEDIUM
    assert [s.rank for s in Severity] == [0, 1, 2]


# --- overrides --------------------------------------------------------------------------------


def test_a_path_overrides_the_shipped_template(tmp_path: Path) -> None:
    data = _shipped_data()
    data["councils"]["provincial"]["roles"] = data["councils"]["provincial"]["roles"][:2]
    data["gaps"]["max_names"] = 2
    template = load_template(_write(tmp_path, data))
    assert [r.id for r in template.roles_for("provincial")] == ["governor_office", "pao"]
    assert template.gaps.max_names == 2


def test_json_templates_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "template.json"
    path.write_text(
        json.dumps(
            {
                "councils": {
                    "district": {
                        "roles": [
                            {
                                "id": "pao",
                                "name_th": "อบจ.",
                                "name_en": "the PAO",
                                "match": {"kind": "Agency", "type": "pao"},
                            }
                        ]
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    template = load_template(path)
    assert [r.id for r in template.roles_for("district")] == ["pao"]
    assert template.roles_for("provincial") == ()  # nothing inherited from the default
    assert template.recommend.weights.template_role == 0.35  # defaults for what is left out


# --- validation errors name the file and the key ---------------------------------------------


def test_unknown_key_is_named_with_its_path(tmp_path: Path) -> None:
    data = _shipped_data()
    data["councils"]["provincial"]["roles"][0]["wher"] = "same_province"
    message = _error(tmp_path, data)
    assert "my_template.yaml" in message
    assert "councils.provincial.roles.0.wher: unknown key" in message


def test_unknown_agency_type(tmp_path: Path) -> None:
    data = _shipped_data()
    data["councils"]["provincial"]["roles"][1]["match"] = {"kind": "Agency", "type": "paoo"}
    message = _error(tmp_path, data)
    assert "councils.provincial.roles.1.match.0" in message
    assert "unknown Agency type 'paoo'" in message


def test_unknown_council_level_as_a_key(tmp_path: Path) -> None:
    message = _error(tmp_path, {"councils": {"provincal": {"roles": []}}})
    assert "councils.provincal (as a key)" in message
    assert "my_template.yaml" in message


def test_bad_values_are_each_reported(tmp_path: Path) -> None:
    data = _shipped_data()
    data["councils"]["provincial"]["roles"][0]["where"] = "next_door"
    data["councils"]["provincial"]["roles"][2]["weight"] = 0
    data["recommend"]["weights"]["proximity"] = -1
    message = _error(tmp_path, data)
    assert "(3 problem(s))" in message
    assert "councils.provincial.roles.0.where" in message
    assert "councils.provincial.roles.2.weight" in message
    assert "recommend.weights.proximity" in message


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ({"region_system": "region9"}, "unknown region system 'region9'"),
        ({"version": 2}, "version"),
        (
            {"allowed_pairs": [{"source": {"kind": "Issue"}, "targets": [{"kind": "Agency"}]}]},
            "Issue is not an organisation kind",
        ),
        (
            {
                "councils": {
                    "district": {
                        "roles": [
                            {
                                "id": "a",
                                "name_th": "ก",
                                "name_en": "a",
                                "match": {"kind": "Agency"},
                            },
                            {
                                "id": "a",
                                "name_th": "ข",
                                "name_en": "b",
                                "match": {"kind": "Academic"},
                            },
                        ]
                    }
                }
            },
            "duplicate role id(s): a",
        ),
        (
            {
                "councils": {
                    "district": {
                        "roles": [
                            {
                                "id": "a",
                                "name_th": "ก",
                                "name_en": "a",
                                "match": {"kind": "Agency"},
                                "gap_kind": "made_up",
                            }
                        ]
                    }
                }
            },
            "unknown gap_kind 'made_up'",
        ),
        (
            {
                "councils": {
                    "district": {
                        "roles": [
                            {
                                "id": "a",
                                "name_th": "ก",
                                "name_en": "a",
                                "match": {"kind": "Agency"},
                                "via": ["WORKS_ON"],
                            }
                        ]
                    }
                }
            },
            "WORKS_ON is not a partnership tie",
        ),
        (
            {
                "councils": {
                    "district": {
                        "roles": [
                            {
                                "id": "a",
                                "name_th": "ก",
                                "name_en": "a",
                                "match": {"kind": "Agency", "level": "district"},
                            }
                        ]
                    }
                }
            },
            "`level` only applies to kind Council",
        ),
        (
            {
                "recommend": {
                    "weights": {
                        "template_role": 0,
                        "peer_practice": 0,
                        "common_neighbours": 0,
                        "shared_issues": 0,
                        "proximity": 0,
                    }
                }
            },
            "at least one weight must be > 0",
        ),
        ({"gaps": {"share_high": 0.1, "share_medium": 0.3}}, "share_medium must not exceed"),
        ({"ties": {"partners_with": -1}}, "ties.partners_with"),
    ],
)
def test_invalid_templates(tmp_path: Path, patch: dict[str, Any], expected: str) -> None:
    message = _error(tmp_path, patch)
    assert expected in message
    assert "my_template.yaml" in message


def test_yaml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("councils: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"broken\.yaml: not valid YAML"):
        load_template(path)


def test_missing_file_and_non_mapping(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"nope\.yaml: cannot read"):
        load_template(tmp_path / "nope.yaml")
    with pytest.raises(TemplateError, match="a mapping at the top level"):
        load_template(_write(tmp_path, ["a", "list"]))
    with pytest.raises(TemplateError, match="<template>"):
        parse_template("text")


def test_template_error_is_a_value_error() -> None:
    assert issubclass(TemplateError, ValueError)
