"""`aar sweep SWEEP.h5 -o DIR`: Monte Carlo sweep analysis (DIR/report.html, DIR/*.png,
DIR/summary.json).

Shows P(zero leakers) with its confidence interval per grid point, mean leakers with CI,
distributions of interceptors used and time to first track, and for each varied
parameter a comparison chart across its values. When /aggregate is absent it is computed
from /runs (Wilson 95 % interval for the proportion, normal interval for the mean).
"""
import math
import os

import numpy as np
import pandas as pd

from . import h5read, plots  # plots sets the Agg backend and rcParams
from .htmlutil import Images, df_table, esc, kv_table, page, plain, records, write_json

import matplotlib.pyplot as plt  # noqa: E402  (after plots selected Agg)

Z95 = 1.959964


def param_columns(agg):
    return [c for c in agg.columns if c.startswith("param:")]


def grid_labels(agg):
    """grid point -> tick label: 'gp N' then the parameter values, one per line (keys go in
    the axis label, see grid_axis_label)."""
    pcs = param_columns(agg)
    labels = {}
    for _, r in agg.iterrows():
        gp = int(r["grid_point"])
        labels[gp] = "\n".join([f"gp {gp}"] + [str(r[c]) for c in pcs])
    return labels


def grid_axis_label(agg):
    pcs = param_columns(agg)
    return "Grid point" + (" / " + " / ".join(c[6:] for c in pcs) if pcs else "")


def _set_grid_ticks(ax, x, ticks, xlabel):
    ax.set_xticks(x)
    if len(ticks) > 8:
        ax.set_xticklabels([t.replace("\n", ", ") for t in ticks], fontsize=8, rotation=40, ha="right")
    else:
        ax.set_xticklabels(ticks, fontsize=9)
    ax.set_xlabel(xlabel)


# bmdsim writes generic aggregate names per metric (p_<flag>, mean_<count>); the report's
# figures use these short names.
_AGG_ALIASES = {"p_zero_leakers": "p_zero_leak", "p_zero_leakers_lo": "p_zero_leak_lo",
                "p_zero_leakers_hi": "p_zero_leak_hi", "mean_interceptors_used": "mean_interceptors"}


def normalise_aggregate(agg):
    if agg is None:
        return None
    return agg.rename(columns={k: v for k, v in _AGG_ALIASES.items()
                               if k in agg.columns and v not in agg.columns})


def aggregate_from_runs(runs):
    rows = []
    for gp, g in runs.groupby("grid_point"):
        n = len(g)
        leak = g["leakers"].to_numpy(dtype=float)
        p = float(np.mean(leak == 0))
        den = 1 + Z95 ** 2 / n
        c = (p + Z95 ** 2 / (2 * n)) / den
        h = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / den
        se = leak.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
        rows.append({"grid_point": int(gp), "n_runs": n, "p_zero_leak": p, "p_zero_leak_lo": c - h,
                     "p_zero_leak_hi": c + h, "mean_leakers": leak.mean(), "mean_leakers_lo": leak.mean() - Z95 * se,
                     "mean_leakers_hi": leak.mean() + Z95 * se,
                     "mean_interceptors": float(g["interceptors_used"].mean()) if "interceptors_used" in g else None})
    return pd.DataFrame(rows)


def _errbar(ax, x, mid, lo, hi, **kw):
    mid, lo, hi = (np.asarray(v, dtype=float) for v in (mid, lo, hi))
    yerr = np.vstack([np.clip(mid - lo, 0, None), np.clip(hi - mid, 0, None)])
    ax.errorbar(x, mid, yerr=yerr, fmt="o", capsize=6, ms=8, lw=1.8, **kw)


def fig_leak(agg, labels):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=plots.WIDE, constrained_layout=True)
    x = np.arange(len(agg))
    ticks = [labels[int(g)] for g in agg["grid_point"]]
    _errbar(ax1, x, agg["p_zero_leak"], agg.get("p_zero_leak_lo", agg["p_zero_leak"]),
            agg.get("p_zero_leak_hi", agg["p_zero_leak"]), color="#1f4e9c", label="P(zero leakers), 95% CI")
    ax1.set_ylim(-0.02, 1.18)
    ax1.set_yticks(np.linspace(0, 1, 6))
    ax1.set_ylabel("P(zero leakers) (probability)")
    ax1.set_title("Probability of no leaker per grid point")
    if "mean_leakers" in agg:
        _errbar(ax2, x, agg["mean_leakers"], agg.get("mean_leakers_lo", agg["mean_leakers"]),
                agg.get("mean_leakers_hi", agg["mean_leakers"]), color="#d62728", label="mean leakers, 95% CI")
    ax2.set_ylabel("Leakers per run (count)")
    ax2.set_ylim(0, ax2.get_ylim()[1] * 1.15)
    ax2.set_title("Mean leakers per grid point")
    for ax in (ax1, ax2):
        _set_grid_ticks(ax, x, ticks, grid_axis_label(agg))
        ax.legend(loc="upper left")
    return fig


def fig_distributions(runs, labels, xlabel="Grid point"):
    cols = [c for c in ("interceptors_used", "time_to_first_track_s") if c in runs]
    if not cols:
        return None
    fig, axes = plt.subplots(1, len(cols), figsize=plots.WIDE, constrained_layout=True, squeeze=False)
    gps = sorted(runs["grid_point"].unique())
    for ax, col in zip(axes[0], cols):
        data = [pd.to_numeric(runs.loc[runs["grid_point"] == g, col], errors="coerce").dropna().to_numpy()
                for g in gps]
        ax.boxplot(data, showmeans=True)
        _set_grid_ticks(ax, np.arange(1, len(gps) + 1), [labels.get(int(g), str(g)) for g in gps], xlabel)
        if col == "interceptors_used":
            ax.set_ylabel("Interceptors used per run (count)")
            ax.set_title("Interceptors used (box: quartiles, triangle: mean)")
        else:
            ax.set_ylabel("Time to first track (s)")
            ax.set_title("Time to first track (box: quartiles, triangle: mean)")
    return fig


def fig_histograms(runs, agg):
    """Histograms pooled over the values of the first varied parameter (one line per value),
    or over grid points when nothing varies."""
    cols = [c for c in ("interceptors_used", "time_to_first_track_s") if c in runs]
    if not cols:
        return None
    group_name, groups = "grid point", None
    if agg is not None and not agg.empty:
        varied = [c for c in param_columns(agg) if agg[c].astype(str).nunique() > 1]
        if varied:
            p = varied[0]
            value_of = dict(zip(agg["grid_point"].astype(int), agg[p].astype(str)))
            key = runs["grid_point"].astype(int).map(value_of)
            group_name = p[6:]
            groups = [(v, runs[key == v]) for v in dict.fromkeys(agg[p].astype(str))]
    if groups is None:
        groups = [(f"gp {int(g)}", d) for g, d in runs.groupby("grid_point")]
    fig, axes = plt.subplots(1, len(cols), figsize=plots.WIDE, constrained_layout=True, squeeze=False)
    for ax, col in zip(axes[0], cols):
        vals = pd.to_numeric(runs[col], errors="coerce").dropna()
        if col == "interceptors_used":
            bins = np.arange(vals.min() - 0.5, vals.max() + 1.5, 1.0) if len(vals) else 10
        else:
            bins = np.linspace(vals.min(), vals.max(), 25) if len(vals) > 1 and vals.max() > vals.min() else 10
        for j, (name, d) in enumerate(groups):
            v = pd.to_numeric(d[col], errors="coerce").dropna()
            ax.hist(v, bins=bins, histtype="step", lw=2.0, color=plt.get_cmap("tab10")(j % 10), label=str(name))
        ax.set_ylabel("Runs (count)")
        ax.set_xlabel("Interceptors used per run (count)" if col == "interceptors_used"
                      else "Time to first track (s)")
        what = "interceptors used" if col == "interceptors_used" else "time to first track"
        ax.set_title(f"Histogram of {what} by {group_name}")
        ax.legend(title=group_name, fontsize=9)
    return fig


def fig_param_comparison(agg, param):
    """P(zero leak) against the values of `param`, one line per combination of the others."""
    others = [c for c in param_columns(agg) if c != param]
    values = list(dict.fromkeys(agg[param].astype(str)))
    fig, ax = plt.subplots(figsize=(11.5, 4.8), constrained_layout=True)
    if not others:
        groups = [((), agg)]
    elif len(others) == 1:
        groups = list(agg.groupby(others[0], sort=False))
    else:
        groups = list(agg.groupby(others, sort=False))
    x_of = {v: i for i, v in enumerate(values)}
    for j, (key, g) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{o[6:]}={k}" for o, k in zip(others, key)) or "all"
        g = g.assign(_x=g[param].astype(str).map(x_of)).sort_values("_x")
        off = (j - (len(groups) - 1) / 2) * 0.06 if others else 0.0
        c = plt.get_cmap("tab10")(j % 10)
        _errbar(ax, g["_x"] + off, g["p_zero_leak"], g.get("p_zero_leak_lo", g["p_zero_leak"]),
                g.get("p_zero_leak_hi", g["p_zero_leak"]), color=c, label=label)
        ax.plot(g["_x"] + off, g["p_zero_leak"], color=c, lw=1, alpha=0.6)
    ax.set_xticks(range(len(values)))
    ax.set_xticklabels(values)
    ax.set_xlabel(f"{param[6:]} (varied parameter)")
    ax.set_ylabel("P(zero leakers) (probability)")
    ax.set_ylim(-0.02, 1.18)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_title(f"P(zero leakers) by {param[6:]} (95% CI)")
    ax.legend(title=", ".join(o[6:] for o in others) if others else None, loc="upper left",
              ncol=min(4, max(1, len(groups))))
    return fig


def build_sweep_report(path, out_dir):
    sw = h5read.load_sweep(path)
    os.makedirs(out_dir, exist_ok=True)
    images = Images(out_dir)
    title = f"Sweep analysis: {sw.scenario.get('name', os.path.basename(path))}"
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="note">bmdsim sweep file <code>{esc(os.path.basename(path))}</code>; all parameters notional. '
            "Intervals are 95% confidence intervals as stored in /aggregate.</p>"]
    m, s = sw.meta, sw.scenario
    body.append('<h2 id="provenance">Scenario and provenance</h2>' + kv_table([
        ("Scenario name", s.get("name"), "name", ""), ("Description", s.get("description"), "description", ""),
        ("Start (UTC)", s.get("start_utc"), "start_utc", ""), ("Duration (s)", s.get("duration_s"), "duration_s", "s"),
        ("Seed", m.get("seed"), "seed", ""), ("Program version", m.get("program_version"), "program_version", ""),
        ("Git revision", m.get("git_revision"), "git_revision", ""),
        ("Scenario SHA-256", sw.scenario_sha256, "scenario_sha256", ""),
        ("File created (UTC)", m.get("created_utc"), "created_utc", ""),
        ("Command line", m.get("command_line"), "command_line", "")], key_prefix="provenance"))
    agg = normalise_aggregate(sw.aggregate)
    runs = sw.runs
    computed = False
    if agg is None and runs is not None and len(runs):
        agg = aggregate_from_runs(runs)
        computed = True
    out = {"input": os.path.abspath(path), "meta": m, "scenario": s, "aggregate": None, "runs": None, "images": []}
    if runs is not None:
        status = runs["status"].value_counts().to_dict() if "status" in runs else {}
        ok = runs[runs["status"].isin(["ok", ""])] if "status" in runs else runs
        out["runs"] = {"rows": int(len(runs)), "by_status": {str(k): int(v) for k, v in status.items()}}
    body.append('<h2 id="aggregate">Leak probability per grid point</h2>')
    if agg is None or agg.empty:
        body.append('<p class="absent">/aggregate and /runs: not in this file.</p>')
    else:
        if computed:
            body.append('<p class="note">/aggregate is not in this file: statistics computed here from /runs.</p>')
        labels = grid_labels(agg)
        body.append(images.add(fig_leak(agg, labels), "leak_probability", "P(zero leakers) per grid point"))
        body.append(df_table(agg, "aggregate", "grid_point"))
        out["aggregate"] = records(agg)
        varied = [c for c in param_columns(agg) if agg[c].astype(str).nunique() > 1]
        body.append('<h2 id="compare">Comparison across varied parameters</h2>')
        if not varied:
            body.append('<p class="absent">No parameter varies across grid points.</p>')
        for c in varied:
            body.append(images.add(fig_param_comparison(agg, c), f"compare_{_slug(c[6:])}",
                                   f"P(zero leakers) by {c[6:]}"))
    body.append('<h2 id="distributions">Distributions over runs</h2>')
    if runs is None or runs.empty:
        body.append('<p class="absent">/runs: not in this file.</p>')
    else:
        labels = grid_labels(agg) if agg is not None and not agg.empty else {
            int(g): f"grid point {int(g)}" for g in runs["grid_point"].unique()}
        if len(ok) < len(runs):
            body.append(f'<p class="note">{len(runs) - len(ok)} run(s) with a status other than "ok" are left out '
                        "of the distributions.</p>")
        fig = fig_distributions(ok, labels, grid_axis_label(agg) if agg is not None and not agg.empty
                                else "Grid point")
        if fig is not None:
            body.append(images.add(fig, "distributions_box", "Interceptors used and time to first track"))
        fig = fig_histograms(ok, agg)
        if fig is not None:
            body.append(images.add(fig, "distributions_hist", "Histograms"))
        body.append("<h3>Run status</h3>" + kv_table([(k, v, k, "") for k, v in out["runs"]["by_status"].items()],
                                                     key_prefix="status"))
    out["images"] = images.files
    nav = [("provenance", "Provenance"), ("aggregate", "Leak probability"), ("compare", "Comparison"),
           ("distributions", "Distributions")]
    with open(os.path.join(out_dir, "report.html"), "w", encoding="utf-8") as fh:
        fh.write(page(title, body, nav))
    write_json(os.path.join(out_dir, "summary.json"), out)
    return os.path.join(out_dir, "report.html")


def _slug(s):
    return "".join(ch if ch.isalnum() else "_" for ch in s).strip("_") or "param"


__all__ = ["build_sweep_report", "plain"]
