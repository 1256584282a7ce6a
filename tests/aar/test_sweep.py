"""`aar sweep`: leak probability with CIs per grid point, distributions, comparisons."""
import json

import pytest

from conftest import run_aar
from helpers import check_png, decode_png, parse_report


@pytest.fixture(scope="module")
def sweep_report(sweep_file, tmp_path_factory):
    path, exp = sweep_file
    out = tmp_path_factory.mktemp("sweep")
    proc = run_aar("sweep", path, "-o", out)
    assert proc.returncode == 0, proc.stderr
    with open(out / "summary.json", encoding="utf-8") as fh:
        js = json.load(fh)
    return out, parse_report(out / "report.html"), js, exp


def test_aggregate_values_shown(sweep_report):
    _, page, js, exp = sweep_report
    agg = exp["aggregate"]
    for i, gp in enumerate(agg["grid_point"]):
        for col in ("p_zero_leak", "p_zero_leak_lo", "p_zero_leak_hi", "mean_leakers", "mean_interceptors"):
            assert float(page.keys[f"aggregate.{gp}.{col}"]) == pytest.approx(float(agg[col][i]), abs=1e-12)
        assert page.keys[f"aggregate.{gp}.param:architecture"] == agg["param:architecture"][i]
    assert [r["p_zero_leak"] for r in js["aggregate"]] == pytest.approx([float(v) for v in agg["p_zero_leak"]])
    assert js["runs"]["rows"] == len(exp["runs"]["run_index"])


def test_sweep_plots(sweep_report):
    _, page, js, _ = sweep_report
    names = set()
    for img in page.images:
        check_png(decode_png(img["src"]), img["data-name"])
        names.add(img["data-name"])
    assert {"leak_probability", "distributions_box", "distributions_hist", "compare_architecture",
            "compare_salvo"} <= names


def test_sweep_without_aggregate_computes_it(tmp_path):
    """A sweep file with only /runs: the tool computes P(zero leak) itself."""
    import h5py
    import synth
    path = tmp_path / "runs_only.h5"
    exp = synth.write_sweep(path)
    with h5py.File(path, "a") as f:
        del f["aggregate"]
    out = tmp_path / "out"
    proc = run_aar("sweep", path, "-o", out)
    assert proc.returncode == 0, proc.stderr
    js = json.loads((out / "summary.json").read_text())
    assert [r["p_zero_leak"] for r in js["aggregate"]] == pytest.approx(exp["aggregate"]["p_zero_leak"])
