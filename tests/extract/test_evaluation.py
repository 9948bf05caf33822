"""``evaluate extract``: precision and recall per field on a labelled folder, with every miss
and extra. The texts here are the project's own short snippets, written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnernet.cli import app
from partnernet.extract.evaluation import evaluate_extraction, fold
from partnernet.foundation.errors import InvalidInput

TEXT_A = (
    "ขอนแก่น / วันที่ 3 มีนาคม 2567 สภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น "
    "จัดเวทีประชาคม โดยมีนายสมปอง ใจกล้า นายกองค์การบริหารส่วนจังหวัดขอนแก่น เป็นประธาน"
)
TEXT_B = "มูลนิธิรักษ์ถิ่น จังหวัดน่าน ได้มอบข้าวสาร ให้ชาวบ้าน"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="utf-8")
    labels = {
        "_about": "test labels",
        "a.txt": {
            "provinces": ["40"],
            "organizations": [
                ["สภาองค์กรชุมชนตำบลบ้านเป็ด"],
                ["องค์การบริหารส่วนจังหวัดขอนแก่น", "อบจ.ขอนแก่น"],
                ["สำนักงานที่ไม่มีในข้อความ"],
            ],
            "people": ["สมปอง ใจกล้า", "สมหญิง ไม่มีตัว"],
            "event_date": "2024-03-03",
        },
        "b.txt": {"provinces": ["55"], "organizations": [], "people": [], "event_date": None},
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), "utf-8")
    return tmp_path


def test_scores_misses_and_extras(tmp_path: Path) -> None:
    result = evaluate_extraction(_folder(tmp_path))
    assert result.files == ["a.txt", "b.txt"]
    orgs = result.score("organizations")
    assert (orgs.expected, orgs.found) == (3, 2)
    assert orgs.recall == pytest.approx(2 / 3)
    # the foundation in b.txt is not labelled: an extra, with its sentence
    extra = [e for e in result.extras if e.field == "organizations"]
    assert [e.file for e in extra] == ["b.txt"]
    assert extra[0].sentence and "มูลนิธิรักษ์ถิ่น" in extra[0].sentence
    assert orgs.precision == pytest.approx(orgs.correct / orgs.extracted)
    people = result.score("people")
    assert (people.expected, people.found) == (2, 1)
    missed = {(m.field, m.value) for m in result.misses}
    assert ("people", "สมหญิง ไม่มีตัว") in missed
    assert ("organizations", "สำนักงานที่ไม่มีในข้อความ") in missed
    dates = result.score("dates")
    assert (dates.expected, dates.found, dates.extracted) == (1, 1, 1)
    provinces = result.score("provinces")
    assert (provinces.expected, provinces.found) == (2, 2)


def test_fold_ignores_spacing_and_sara_am_spelling() -> None:
    assert fold("กระทรวง พม.") == fold("กระทรวงพม.")
    assert fold("ต\u0e4d\u0e32บล") == fold("ตำบล")


def test_cli_table_json_and_errors(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    runner = CliRunner()
    done = runner.invoke(app, ["evaluate", "extract", str(folder)])
    assert done.exit_code == 0, done.output
    assert "precision" in done.output and "สมหญิง ไม่มีตัว" in done.output
    done = runner.invoke(app, ["evaluate", "extract", str(folder), "--json"])
    data = json.loads(done.output)
    assert {f["field"] for f in data["fields"]} == {
        "provinces", "organizations", "people", "dates", "proposals",
    }  # fmt: skip
    (folder / "labels.json").rename(folder / "other.json")
    done = runner.invoke(app, ["evaluate", "extract", str(folder)])
    assert done.exit_code == 2
    done = runner.invoke(
        app, ["evaluate", "extract", str(folder), "--labels", str(folder / "other.json")]
    )
    assert done.exit_code == 0


def test_labelled_file_missing_is_a_user_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "b.txt").unlink()
    with pytest.raises(InvalidInput, match=r"b\.txt"):
        evaluate_extraction(folder)
