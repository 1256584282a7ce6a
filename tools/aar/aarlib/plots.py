"""Matplotlib figures for the run report (Agg backend; sized for a 1280x800 screen).

Every function takes a RunData (or DataFrames) and returns a Figure, or None when the
data it needs is not in the file. Axes carry units, figures carry legends.
"""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

from . import geo  # noqa: E402

WIDE = (11.5, 5.6)  # inches at 100 dpi -> 1150x560 px
SQUARE = (11.5, 7.2)
DPI = 100

plt.rcParams.update({
    "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 10,
    "xtick.labelsize": 10, "ytick.labelsize": 10, "axes.grid": True, "grid.alpha": 0.35,
    "figure.dpi": DPI, "savefig.dpi": DPI,
})

# Event kind -> (marker, colour, label)
EVENT_STYLE = {
    "launch": ("^", "#2b2b2b", "launch"),
    "burnout": ("o", "#ff7f0e", "burnout"),
    "staging": ("d", "#ff7f0e", "staging"),
    "separation": ("s", "#8c564b", "separation"),
    "apogee": ("v", "#9467bd", "apogee"),
    "first_detection": ("P", "#17becf", "first detection"),
    "first_track": ("X", "#1f77b4", "first track"),
    "engagement_decision": ("D", "#bcbd22", "engagement decision"),
    "interceptor_launch": (">", "#2ca02c", "interceptor launch"),
    "intercept": ("*", "#ffd700", "intercept"),
    "kill_assessment": ("h", "#7f7f7f", "kill assessment"),
    "leak": ("x", "#d62728", "leak"),
    "impact": ("X", "#d62728", "impact"),
}
INTERCEPTOR_COLOUR = "#222222"
NATION_COLOURS = {"US": "#1f4e9c", "ROK": "#1b8a3a", "NATO": "#7b3fa0", "JPN": "#c77c02"}
OTHER_NATION_COLOURS = ["#0f8b8d", "#a0522d", "#5f6b7a", "#b8860b"]


def threat_colour(i):
    return plt.get_cmap("tab10")(int(i) % 10)


def nation_colour(nation, _cache={}):
    if nation in NATION_COLOURS:
        return NATION_COLOURS[nation]
    if nation not in _cache:
        _cache[nation] = OTHER_NATION_COLOURS[len(_cache) % len(OTHER_NATION_COLOURS)]
    return _cache[nation]


def _new(figsize=WIDE):
    fig, ax = plt.subplots(figsize=figsize, constrained_layout=True)
    return fig, ax


def _threat_of_object(run):
    """object_id -> threat_index (-1 if none)."""
    if run.objects is None or run.objects.empty:
        return {}
    return dict(zip(run.objects["object_id"].astype(int), run.objects["threat_index"].astype(int)))


def _threat_labels(run):
    if run.threats is None or run.threats.empty:
        return {}
    return {int(i): f"{tid} ({ttype})" for i, tid, ttype in
            zip(run.threats["threat_index"], run.threats["id"], run.threats["type"])}


def timeline(run):
    """Gantt-like chart: one row per threat (launch -> impact or end of flight), event markers."""
    if run.threats is None or run.threats.empty:
        return None
    thr_of = _threat_of_object(run)
    labels = _threat_labels(run)
    threats = list(run.threats["threat_index"].astype(int))
    # Interceptors get their own rows below the threats.
    interceptors = []
    if run.objects is not None and not run.objects.empty:
        interceptors = list(run.objects.loc[run.objects["kind"] == "interceptor", "object_id"].astype(int))
    names = run.object_names()
    rows = [labels.get(i, f"threat {i}") for i in threats] + [names.get(o, f"object {o}") for o in interceptors]
    fig, ax = _new((11.5, max(3.2, 1.2 + 0.55 * len(rows))))
    oc = run.outcomes_threats
    for row, ti in enumerate(threats):
        t0 = float(run.threats.loc[run.threats["threat_index"] == ti, "launch_time_s"].iloc[0])
        t1 = np.nan
        if oc is not None and not oc.empty:
            r = oc[oc["threat_index"] == ti]
            if not r.empty:
                t1 = float(r["impact_time_s"].iloc[0])
                if not np.isfinite(t1) and "flight_time_s" in r:
                    t1 = t0 + float(r["flight_time_s"].iloc[0])
        if not np.isfinite(t1) and run.truth is not None:
            objs = [o for o, t in thr_of.items() if t == ti]
            tt = run.truth.loc[run.truth["object_id"].isin(objs), "t_s"]
            t1 = float(tt.max()) if len(tt) else t0
        ax.barh(row, t1 - t0, left=t0, height=0.5, color=threat_colour(ti), alpha=0.35, edgecolor=threat_colour(ti))
    for k, oid in enumerate(interceptors):
        row = len(threats) + k
        if run.truth is not None:
            tt = run.truth.loc[run.truth["object_id"] == oid, "t_s"]
            if len(tt):
                ax.barh(row, tt.max() - tt.min(), left=tt.min(), height=0.5, color=INTERCEPTOR_COLOUR, alpha=0.18,
                        edgecolor=INTERCEPTOR_COLOUR, hatch="//")
    seen = set()
    if run.events is not None and not run.events.empty:
        row_of_obj = {}
        for oid, ti in thr_of.items():
            if ti in threats:
                row_of_obj[oid] = threats.index(ti)
        for k, oid in enumerate(interceptors):
            row_of_obj[oid] = len(threats) + k
        boosters = set()
        if run.objects is not None and not run.objects.empty:
            boosters = set(run.objects.loc[run.objects["kind"] == "booster", "object_id"].astype(int))
        ev = run.events.copy()
        ev["_booster"] = ev["object_id"].astype(int).isin(boosters)
        # A booster's events sit slightly below its threat's row, in a muted colour.
        ev["_kind"] = np.where(ev["_booster"], "booster " + ev["kind"].astype(str), ev["kind"].astype(str))
        for kind, grp in ev.groupby("_kind", sort=False):
            base = kind[len("booster "):] if kind.startswith("booster ") else kind
            marker, colour, label = EVENT_STYLE.get(base, ("o", "#555555", base))
            size = 220 if base == "intercept" else 75
            if kind.startswith("booster "):
                colour, label, size = "#b0a8a8", f"booster {label}", 50
            ys = grp["object_id"].astype(int).map(row_of_obj)
            ok = ys.notna()
            if not ok.any():
                continue
            y = ys[ok].astype(float) + np.where(grp.loc[ok, "_booster"], 0.18, 0.0)
            edge = {"edgecolor": "black", "linewidth": 0.5} if marker not in ("x", "+", "|", "_") else {"linewidth": 2}
            ax.scatter(grp.loc[ok, "t_s"], y, marker=marker, s=size, color=colour, zorder=4 if base == "intercept"
                       else 3, label=label if label not in seen else None, **edge)
            seen.add(label)
    t_max = float(run.scenario.get("duration_s") or 0.0)
    if run.truth is not None and len(run.truth):
        t_max = max(t_max, float(run.truth["t_s"].max()))
    if t_max > 0:
        ax.set_xlim(0, t_max * 1.02)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.invert_yaxis()
    ax.set_xlabel("Time since scenario start (s)")
    ax.set_title("Event timeline: flight of each threat (bar) and its events")
    ax.grid(axis="y", alpha=0)
    if seen:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="event", frameon=True)
    return fig


def _circle_lonlat(lat, lon, radius_m, n=90):
    az = np.linspace(0, 360, n)
    la, lo = geo.destination(lat, lon, az, radius_m)
    return lo, la


def _sector_lonlat(lat, lon, range_m, az_deg, half_width_deg, n=60):
    if half_width_deg >= 180:
        return _circle_lonlat(lat, lon, range_m, n=120)
    az = np.linspace(az_deg - half_width_deg, az_deg + half_width_deg, n)
    la, lo = geo.destination(lat, lon, az, range_m)
    return np.concatenate([[lon], lo, [lon]]), np.concatenate([[lat], la, [lat]])


def ground_track(run):
    """Lat/lon map (equirectangular, aspect 1/cos(lat)) with tracks, launch/aim points, assets,
    sensor coverage and intercept points."""
    have_truth = run.truth is not None and not run.truth.empty
    if not have_truth and (run.threats is None or run.threats.empty):
        return None
    fig, ax = _new(SQUARE)
    thr_of = _threat_of_object(run)
    kind_of = {}
    if run.objects is not None and not run.objects.empty:
        kind_of = dict(zip(run.objects["object_id"].astype(int), run.objects["kind"]))
    handles = []
    lats, lons = [], []
    if have_truth:
        for oid, g in run.truth.groupby("object_id"):
            oid = int(oid)
            kind = kind_of.get(oid, "")
            ti = thr_of.get(oid, -1)
            if kind == "interceptor":
                ax.plot(g["lon_deg"], g["lat_deg"], color=INTERCEPTOR_COLOUR, lw=1.6, ls="-.")
            else:
                ax.plot(g["lon_deg"], g["lat_deg"], color=threat_colour(ti) if ti >= 0 else "#555",
                        lw=2.2 if kind == "rv" else 1.2, ls="-" if kind != "booster" else "--")
            lats.append(g["lat_deg"].to_numpy())
            lons.append(g["lon_deg"].to_numpy())
    if run.threats is not None and not run.threats.empty:
        for k, (_, t) in enumerate(run.threats.iterrows()):
            c = threat_colour(t["threat_index"])
            ax.plot(t["launch_lon_deg"], t["launch_lat_deg"], "^", ms=11, color=c, mec="black")
            ax.plot(t["aim_lon_deg"], t["aim_lat_deg"], "x", ms=11, mew=2.5, color=c)
            ax.annotate(t["id"], (t["launch_lon_deg"], t["launch_lat_deg"]), textcoords="offset points",
                        xytext=(-10, 4 + 13 * (k % 3)), ha="right", fontsize=10, color=c, fontweight="bold")
            handles.append(Line2D([], [], color=c, lw=2.2, label=f"threat {t['id']} RV track"))
            lats.append(np.array([t["launch_lat_deg"], t["aim_lat_deg"]]))
            lons.append(np.array([t["launch_lon_deg"], t["aim_lon_deg"]]))
    handles += [Line2D([], [], color="#777", lw=1.2, ls="--", label="booster track"),
                Line2D([], [], marker="^", ls="", color="#aaa", mec="black", ms=10, label="launch point"),
                Line2D([], [], marker="x", ls="", color="#444", mew=2.5, ms=10, label="aim point")]
    if "interceptor" in kind_of.values():
        handles.append(Line2D([], [], color=INTERCEPTOR_COLOUR, lw=1.6, ls="-.", label="interceptor flyout"))
    if run.assets is not None and not run.assets.empty:
        for _, a in run.assets.iterrows():
            lo, la = _circle_lonlat(a["lat_deg"], a["lon_deg"], max(float(a["radius_m"]), 1.0))
            ax.fill(lo, la, color="#1f77b4", alpha=0.25, ec="#1f4e9c", lw=1.5)
            ax.plot(a["lon_deg"], a["lat_deg"], "s", ms=5, color="#1f4e9c")
            ax.annotate(a["id"], (a["lon_deg"], a["lat_deg"]), textcoords="offset points", xytext=(8, -4),
                        fontsize=9, color="#1f4e9c")
            lats.append(np.array([a["lat_deg"]]))
            lons.append(np.array([a["lon_deg"]]))
        handles.append(Polygon([[0, 0]], closed=True, color="#1f77b4", alpha=0.35, label="defended asset (radius)"))
    if run.sensors is not None and not run.sensors.empty:
        for _, s in run.sensors.iterrows():
            c = nation_colour(s["nation"])
            lo, la = _sector_lonlat(s["lat_deg"], s["lon_deg"], float(s["max_range_m"]),
                                    float(s["boresight_az_deg"]), float(s["fov_half_width_deg"]))
            ax.fill(lo, la, color=c, alpha=0.06, ec=c, lw=1.0, ls=":")
            ax.plot(s["lon_deg"], s["lat_deg"], "o", ms=9, color=c, mec="white")
            ax.annotate(s["id"], (s["lon_deg"], s["lat_deg"]), textcoords="offset points", xytext=(8, 6),
                        fontsize=9, color=c)
            lats.append(np.array([s["lat_deg"]]))
            lons.append(np.array([s["lon_deg"]]))
        nations = list(dict.fromkeys(run.sensors["nation"]))
        for n in nations:
            handles.append(Line2D([], [], marker="o", ls=":", color=nation_colour(n), ms=8,
                                  label=f"{n} sensor (coverage)"))
    pts = _intercept_points(run)
    if pts is not None and len(pts):
        ax.scatter(pts["lon_deg"], pts["lat_deg"], marker="*", s=260, color="#ffd700", edgecolor="black", zorder=5)
        handles.append(Line2D([], [], marker="*", ls="", color="#ffd700", mec="black", ms=15,
                              label="intercept point"))
    # Frame the action (tracks, launch and aim points, assets), not full sensor ranges.
    la = np.concatenate(lats) if lats else np.array([37.0])
    lo = np.concatenate(lons) if lons else np.array([127.0])
    la, lo = la[np.isfinite(la)], lo[np.isfinite(lo)]
    pad_la = max(0.25, 0.08 * (la.max() - la.min()))
    pad_lo = max(0.25, 0.08 * (lo.max() - lo.min()))
    ax.set_xlim(lo.min() - pad_lo, lo.max() + pad_lo)
    ax.set_ylim(la.min() - pad_la, la.max() + pad_la)
    mid = np.radians(0.5 * (la.min() + la.max()))
    ax.set_aspect(1.0 / max(np.cos(mid), 0.05))
    span = max(lo.max() - lo.min(), la.max() - la.min())
    step = 0.25 if span < 2.5 else 0.5 if span < 5 else 1.0 if span < 12 else 5.0
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(step))
    ax.yaxis.set_major_locator(matplotlib.ticker.MultipleLocator(step))
    ax.grid(True, color="#999", alpha=0.5, lw=0.6)
    ax.set_xlabel("Longitude (deg E)")
    ax.set_ylabel("Latitude (deg N)")
    ax.set_title("Ground tracks (equirectangular, graticule every %g deg; no coastline)" % step)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=True)
    return fig


def _intercept_points(run):
    if run.engagements is not None and not run.engagements.empty and "pip_lat_deg" in run.engagements:
        e = run.engagements
        if "result" in e:
            e = e[e["result"] == "kill"]
        return pd.DataFrame({"lat_deg": e["pip_lat_deg"], "lon_deg": e["pip_lon_deg"],
                             "alt_m": e.get("pip_alt_m", pd.Series(np.nan, index=e.index))})
    if run.events is not None and not run.events.empty:
        return run.events.loc[run.events["kind"] == "intercept", ["lat_deg", "lon_deg", "alt_m"]]
    return None


def altitude_downrange(run):
    """Altitude (km) vs great-circle downrange from the threat's launch point (km)."""
    if run.truth is None or run.truth.empty or run.threats is None or run.threats.empty:
        return None
    thr_of = _threat_of_object(run)
    kind_of = dict(zip(run.objects["object_id"].astype(int), run.objects["kind"])) if run.objects is not None else {}
    launch = {int(r["threat_index"]): (r["launch_lat_deg"], r["launch_lon_deg"]) for _, r in run.threats.iterrows()}
    labels = _threat_labels(run)
    # Interceptors are drawn against the launch point of the threat they engaged.
    target_threat = {}
    if run.engagements is not None and not run.engagements.empty and {"interceptor_id", "truth_id"} <= set(
            run.engagements.columns):
        for iid, tid in zip(run.engagements["interceptor_id"].astype(int), run.engagements["truth_id"].astype(int)):
            target_threat[iid] = thr_of.get(tid, -1)
    fig, ax = _new(WIDE)
    seen = set()
    for oid, g in run.truth.groupby("object_id"):
        oid = int(oid)
        kind = kind_of.get(oid, "")
        ti = thr_of.get(oid, -1) if kind != "interceptor" else target_threat.get(oid, -1)
        if ti not in launch:
            continue
        lat0, lon0 = launch[ti]
        dr = geo.great_circle_m(lat0, lon0, g["lat_deg"].to_numpy(float), g["lon_deg"].to_numpy(float)) / 1e3
        alt = g["alt_m"].to_numpy(float) / 1e3
        if kind == "interceptor":
            label = "interceptor flyout" if "int" not in seen else None
            seen.add("int")
            ax.plot(dr, alt, color=INTERCEPTOR_COLOUR, lw=1.8, ls="-.", label=label)
            ax.plot(dr[-1], alt[-1], "*", ms=14, color="#ffd700", mec="black")
        elif kind == "booster":
            label = "booster" if "bo" not in seen else None
            seen.add("bo")
            ax.plot(dr, alt, color=threat_colour(ti), lw=1.1, ls="--", label=label)
        else:
            ax.plot(dr, alt, color=threat_colour(ti), lw=2.2, label=f"{labels.get(ti, ti)} RV")
    if run.events is not None and not run.events.empty:
        ap = run.events[run.events["kind"] == "apogee"]
        for _, e in ap.iterrows():
            ti = thr_of.get(int(e["object_id"]), -1)
            if ti in launch:
                d = geo.great_circle_m(launch[ti][0], launch[ti][1], e["lat_deg"], e["lon_deg"]) / 1e3
                ax.plot(d, e["alt_m"] / 1e3, "v", ms=9, color=threat_colour(ti), mec="black",
                        label="apogee" if "ap" not in seen else None)
                seen.add("ap")
    ax.set_xlabel("Downrange from launch point (km, great circle)")
    ax.set_ylabel("Altitude (km)")
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.set_title("Altitude vs downrange per threat")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def track_quality(metrics):
    """Per-node OSPA/GOSPA (m) and SIAP completeness/ambiguity/spuriousness over time."""
    if not metrics:
        return None
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=WIDE, constrained_layout=True)
    for j, (node, df) in enumerate(sorted(metrics.items())):
        if df is None or df.empty or "t_s" not in df:
            continue
        c = plt.get_cmap("tab10")(j % 10)
        if "ospa_m" in df:
            ax1.plot(df["t_s"], df["ospa_m"] / 1e3, color=c, lw=1.8, label=f"{node} OSPA")
        if "gospa_m" in df:
            ax1.plot(df["t_s"], df["gospa_m"] / 1e3, color=c, lw=1.2, ls="--", label=f"{node} GOSPA")
        for col, ls in (("completeness", "-"), ("ambiguity", "--"), ("spuriousness", ":")):
            if col in df:
                ax2.plot(df["t_s"], df[col], color=c, ls=ls, lw=1.6, label=f"{node} {col}")
    ax1.set_xlabel("Time since scenario start (s)")
    ax1.set_ylabel("OSPA / GOSPA distance (km)")
    ax1.set_title("Track-picture error per node")
    ax1.legend(fontsize=9)
    ax2.set_xlabel("Time since scenario start (s)")
    ax2.set_ylabel("SIAP measure (dimensionless)")
    ax2.set_title("SIAP completeness / ambiguity / spuriousness")
    ax2.legend(fontsize=9)
    return fig


def inventory(inv):
    if inv is None or inv.empty or not {"t_s", "fire_unit", "remaining"} <= set(inv.columns):
        return None
    fig, ax = _new((11.5, 4.2))
    for fu, g in inv.groupby("fire_unit"):
        g = g.sort_values("t_s")
        ax.step(g["t_s"], g["remaining"], where="post", lw=2, label=str(fu))
    ax.set_xlabel("Time since scenario start (s)")
    ax.set_ylabel("Interceptors remaining (count)")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title("Interceptor inventory per fire unit")
    ax.legend(title="fire unit")
    return fig


LINK_STATUS_COLOURS = {"delivered": "#2ca02c", "lost": "#d62728", "withheld": "#ff7f0e",
                       "dropped_capacity": "#9467bd", "outage": "#7f7f7f"}


def links(msgs):
    """Message status counts per link (stacked bars) and delivered-latency histogram."""
    if msgs is None or msgs.empty or "status" not in msgs:
        return None
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=WIDE, constrained_layout=True)
    counts = pd.crosstab(msgs["link"], msgs["status"])
    bottom = np.zeros(len(counts))
    order = [s for s in LINK_STATUS_COLOURS if s in counts.columns] + [s for s in counts.columns
                                                                        if s not in LINK_STATUS_COLOURS]
    for s in order:
        ax1.bar(counts.index.astype(str), counts[s], bottom=bottom, color=LINK_STATUS_COLOURS.get(s, "#555"),
                label="withheld (policy)" if s == "withheld" else s)
        bottom += counts[s].to_numpy()
    ax1.set_ylim(0, max(bottom.max(), 1) * 1.35)
    ax1.set_ylabel("Messages (count)")
    ax1.set_xlabel("Link")
    ax1.set_title("Messages per link by status")
    ax1.legend(title="status", loc="upper center", ncol=3, fontsize=9)
    ax1.tick_params(axis="x", rotation=15)
    d = msgs[msgs["status"] == "delivered"]
    lat = (d["t_recv_s"] - d["t_send_s"]).to_numpy(dtype=float)
    lat = lat[np.isfinite(lat)]
    if len(lat):
        ax2.hist(lat * 1e3, bins=min(40, max(5, len(lat) // 10)), color="#1f77b4", edgecolor="white")
        ax2.axvline(np.median(lat) * 1e3, color="black", ls="--", label=f"median {np.median(lat) * 1e3:.0f} ms")
        ax2.legend()
    else:
        ax2.text(0.5, 0.5, "no delivered messages", ha="center", va="center", transform=ax2.transAxes)
    ax2.set_xlabel("Latency of delivered messages (ms)")
    ax2.set_ylabel("Messages (count)")
    ax2.set_title("Link latency histogram")
    return fig
