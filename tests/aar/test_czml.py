"""`aar czml`: valid CZML whose object positions are exactly the truth samples."""
import json
from datetime import datetime, timedelta, timezone

import h5py
import numpy as np
import pytest

from conftest import run_aar
from helpers import attr, h5_table


@pytest.fixture(scope="module")
def czml_of(tmp_path_factory):
    cache = {}

    def get(path):
        if str(path) not in cache:
            out = tmp_path_factory.mktemp("czml") / "replay.czml"
            proc = run_aar("czml", path, "-o", out)
            assert proc.returncode == 0, proc.stderr
            with open(out, encoding="utf-8") as fh:
                cache[str(path)] = json.load(fh)
        return cache[str(path)]

    return get


def _utc(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


def test_document_packet_and_clock(any_run, czml_of):
    _, path = any_run
    doc = czml_of(path)
    assert isinstance(doc, list) and doc[0]["id"] == "document" and doc[0]["version"] == "1.0"
    with h5py.File(path, "r") as f:
        start = _utc(attr(f["scenario"].attrs["start_utc"]))
        duration = float(attr(f["scenario"].attrs["duration_s"]))
        t_max = float(np.max(f["truth/t_s"][...])) if "truth" in f else 0.0
    a, b = doc[0]["clock"]["interval"].split("/")
    assert _utc(a) == start
    assert _utc(b) == start + timedelta(seconds=max(duration, t_max))
    assert _utc(doc[0]["clock"]["currentTime"]) == start


def test_one_packet_per_object_and_site(any_run, czml_of):
    _, path = any_run
    doc = czml_of(path)
    ids = [p["id"] for p in doc]
    assert len(ids) == len(set(ids))
    with h5py.File(path, "r") as f:
        objs = set(np.unique(f["truth/object_id"][...]).tolist())
        n_sensors = len(f["sensors/sensor_index"]) if "sensors" in f else 0
        n_assets = len(f["entities/assets/asset_index"]) if "entities/assets" in f else 0
        kinds = h5_table(f, "events")["kind"]
        n_intercepts = sum(1 for k in kinds if k == "intercept")
    obj_packets = [i for i in ids if i.startswith("object/")]
    assert sorted(int(i.split("/")[1]) for i in obj_packets) == sorted(objs)
    assert sum(i.startswith("sensor/") for i in ids) == n_sensors
    assert sum(i.startswith("asset/") for i in ids) == n_assets
    assert sum(i.startswith("intercept/") for i in ids) == n_intercepts
    assert len(doc) == 1 + len(objs) + n_sensors + n_assets + n_intercepts


def test_positions_equal_truth_samples(any_run, czml_of):
    _, path = any_run
    doc = czml_of(path)
    with h5py.File(path, "r") as f:
        t = h5_table(f, "truth")
        start = attr(f["scenario"].attrs["start_utc"])
    by_id = {p["id"]: p for p in doc}
    oid = np.asarray(t["object_id"])
    for o in np.unique(oid):
        sel = oid == o
        order = np.argsort(np.asarray(t["t_s"])[sel], kind="stable")
        expected = np.column_stack([np.asarray(t[c])[sel][order] for c in ("t_s", "x_m", "y_m", "z_m")])
        pos = by_id[f"object/{int(o)}"]["position"]
        assert pos["referenceFrame"] == "FIXED"
        assert _utc(pos["epoch"]) == _utc(start)
        got = np.asarray(pos["cartesian"], dtype=float).reshape(-1, 4)
        assert np.array_equal(got, expected), f"object {o}"
        a, b = by_id[f"object/{int(o)}"]["availability"].split("/")
        assert (_utc(a) - _utc(start)).total_seconds() == pytest.approx(expected[0, 0], abs=1e-6)
        assert (_utc(b) - _utc(start)).total_seconds() == pytest.approx(expected[-1, 0], abs=1e-6)


def test_colours_and_graphics(full_run, czml_of):
    path, exp = full_run
    doc = {p["id"]: p for p in czml_of(path)}
    kinds = dict(zip(exp["objects"]["object_id"], exp["objects"]["kind"]))
    for oid, kind in kinds.items():
        p = doc[f"object/{oid}"]
        assert "path" in p and "point" in p
        if kind == "rv":
            assert p["point"]["color"]["rgba"] == [230, 25, 25, 255]
        if kind == "interceptor":
            assert p["point"]["color"]["rgba"][:3] != [230, 25, 25]
    asset = doc["asset/osan-ab"]
    assert asset["ellipse"]["semiMajorAxis"] == 3000.0
    assert "intercept/0" in doc and doc["intercept/0"]["point"]["color"]["rgba"] == [255, 215, 0, 255]
