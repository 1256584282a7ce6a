"""`aar report`: values in the page equal the values in the file; images are real plots."""
import json
import math
import os

import h5py
import numpy as np
import pytest

from helpers import attr, check_png, decode_png, h5_table, parse_report


def _num_equal(html_value, file_value):
    if file_value is None or (isinstance(file_value, float) and math.isnan(file_value)):
        return html_value == ""
    if isinstance(file_value, (int, np.integer)) and not isinstance(file_value, bool):
        return int(float(html_value)) == int(file_value)
    return math.isclose(float(html_value), float(file_value), rel_tol=1e-12, abs_tol=1e-9)


def _built(reports, path):
    out, proc = reports(path)
    assert proc.returncode == 0, proc.stderr
    assert os.path.isfile(out / "report.html") and os.path.isfile(out / "summary.json")
    with open(out / "summary.json", encoding="utf-8") as fh:
        summary = json.load(fh)
    return out, parse_report(out / "report.html"), summary


def test_report_builds_and_prints_path(any_run, reports):
    _, path = any_run
    out, proc = reports(path)
    assert proc.returncode == 0, proc.stderr
    assert "report.html" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_summary_counts_equal_file(any_run, reports):
    """Every /summary attribute is shown (HTML data-key and summary.json) with its value."""
    _, path = any_run
    _, page, js = _built(reports, path)
    with h5py.File(path, "r") as f:
        if "summary" not in f:
            pytest.skip("file has no /summary")
        expected = {k: attr(v) for k, v in f["summary"].attrs.items()}
    assert expected, "empty /summary"
    for key, value in expected.items():
        assert _num_equal(page.keys[f"summary.{key}"], value), key
        assert js["summary"][key] == pytest.approx(value), key
    for key in ("engagements", "leakers"):
        if key in expected:
            assert f"summary.{key}" in page.keys


def test_event_counts_equal_file(any_run, reports):
    _, path = any_run
    _, page, js = _built(reports, path)
    with h5py.File(path, "r") as f:
        kinds = h5_table(f, "events")["kind"] if "events" in f else []
    expected = {}
    for k in kinds:
        expected[k] = expected.get(k, 0) + 1
    assert js["event_counts"] == expected
    for k, n in expected.items():
        assert int(page.keys[f"events.{k}"]) == n


def test_threat_outcomes_equal_file(any_run, reports):
    _, path = any_run
    _, page, js = _built(reports, path)
    with h5py.File(path, "r") as f:
        if "outcomes/threats" not in f:
            pytest.skip("no /outcomes/threats")
        oc = h5_table(f, "outcomes/threats")
    for i, tid in enumerate(oc["id"]):
        for col in ("impact_time_s", "impact_lat_deg", "impact_lon_deg", "miss_from_aim_m", "apogee_alt_m"):
            if col in oc:
                v = float(oc[col][i])
                assert _num_equal(page.keys[f"threat.{tid}.{col}"], None if math.isnan(v) else v), (tid, col)
        if "asset_hit" in oc:
            assert page.keys[f"threat.{tid}.asset_hit"] == oc["asset_hit"][i]
    assert [t["id"] for t in js["threats"]] == list(oc["id"])


def test_first_detection_equal_file(any_run, reports):
    _, path = any_run
    _, page, js = _built(reports, path)
    with h5py.File(path, "r") as f:
        if "metrics/first_detection" in f:
            fd = h5_table(f, "metrics/first_detection")
            thr = h5_table(f, "entities/threats")
            name = dict(zip(thr["threat_index"].tolist(), thr["id"]))
            expected = {}
            for ti, t in zip(fd["threat_index"].tolist(), fd["t_first_detection_s"].tolist()):
                expected[name[ti]] = min(expected.get(name[ti], math.inf), t)
        else:
            expected = None
    if expected is None:
        assert js["first_detection"] is None or all(v["source"] == "/events" for v in js["first_detection"].values())
        return
    for tid, t in expected.items():
        assert _num_equal(page.keys[f"first_detection.{tid}.t_first_detection_s"], t)
        assert js["first_detection"][tid]["t_first_detection_s"] == pytest.approx(t)


def test_engagement_count_equal_file(any_run, reports):
    _, path = any_run
    _, page, js = _built(reports, path)
    with h5py.File(path, "r") as f:
        rows = len(f["engagements"][attr(f["engagements"].attrs["columns"][0])]) if "engagements" in f else None
    if rows is None:
        assert js["engagements"] is None
    else:
        assert int(page.keys["engagements.rows"]) == rows
        assert js["engagements"]["rows"] == rows


def test_synthetic_values_shown(full_run, reports):
    """Against the generator's own numbers (not re-read from the file)."""
    path, exp = full_run
    _, page, js = _built(reports, path)
    assert int(page.keys["summary.engagements"]) == 2
    assert int(page.keys["summary.leakers"]) == 2
    assert int(page.keys["summary.intercepts"]) == 1
    for t in exp["threats"]:
        got = page.keys[f"threat.{t['id']}.impact_time_s"]
        if t["impact_time_s"] is None:
            assert got == ""
        else:
            assert float(got) == pytest.approx(t["impact_time_s"], abs=1e-9)
        assert page.keys[f"threat.{t['id']}.asset_hit"] == t["asset_hit"]
    assert float(page.keys["first_detection.T1.t_first_detection_s"]) == 48.0
    assert float(page.keys["first_detection.T3.t_first_track_s"]) == 90.0
    assert js["engagements"]["by_result"] == {"kill": 1, "miss": 1}
    assert page.keys["provenance.seed"] == "20250310"
    assert page.keys["provenance.git_revision"] == "abc1234"
    assert page.keys["provenance.start_utc"] == "2025-03-10T00:00:00Z"


def test_every_embedded_image_is_a_real_plot(any_run, reports):
    kind, path = any_run
    out, page, js = _built(reports, path)
    assert len(page.images) >= 3  # timeline, map, altitude at least
    names = []
    for img in page.images:
        data = decode_png(img["src"])
        check_png(data, img.get("data-name"))
        names.append(img["data-name"])
        with open(out / f"{img['data-name']}.png", "rb") as fh:
            assert fh.read() == data
        assert img.get("alt")
    assert sorted(f"{n}.png" for n in names) == sorted(js["images"])
    if kind == "full":
        assert {"timeline", "ground_track", "altitude_downrange", "track_quality", "links", "inventory"} <= set(names)


def test_optional_sections_say_not_in_file(minimal_run, reports):
    path, _ = minimal_run
    out, page, js = _built(reports, path)
    text = " ".join(page.text)
    for what in ("/sensors", "/engagements", "/links/messages", "/metrics"):
        assert f"{what}" in text and "not in this file" in text, what
    assert js["sections_present"]["sensors"] is False
    assert js["sections_present"]["links"] is False
    assert js["sections_present"]["map"] is True


def test_report_is_self_contained(full_run, reports):
    path, _ = full_run
    out, _, _ = _built(reports, path)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert 'src="http' not in html and "href=\"http" not in html
