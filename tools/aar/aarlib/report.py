"""`aar report RUN.h5 -o DIR`: one self-contained HTML page (DIR/report.html, PNGs inlined as
data URIs and also saved as DIR/*.png) plus DIR/summary.json with the values shown.

Every value cell that tests or scripts may want carries data-key/data-value attributes,
e.g. <td data-key="summary.leakers" data-value="2">2</td>.
"""
import hashlib
import os

import numpy as np
import pandas as pd

from . import h5read, plots
from .htmlutil import Images, cell, df_table, esc, fmt, kv_table, page, plain, records, write_json

ABSENT = '<p class="absent">{what}: not in this file.</p>'
SUMMARY_KEYS = [("threats", "Threats launched"), ("impacts", "Impacts"), ("assets_hit", "Defended assets hit"),
                ("leakers", "Leakers"), ("intercepts", "Intercepts"), ("engagements", "Engagements"),
                ("interceptors_used", "Interceptors used"), ("wall_time_s", "Engine wall time (s)")]


def event_counts(run):
    if run.events is None or run.events.empty:
        return {}
    return {str(k): int(v) for k, v in run.events["kind"].value_counts().sort_index().items()}


def first_detection_per_threat(run):
    """threat id -> earliest first-detection / first-track time over all nodes (s)."""
    out = {}
    tid = {}
    if run.threats is not None and not run.threats.empty:
        tid = dict(zip(run.threats["threat_index"].astype(int), run.threats["id"]))
    fd = run.first_detection
    if fd is not None and not fd.empty:
        for ti, g in fd.groupby("threat_index"):
            name = tid.get(int(ti), str(int(ti)))
            det = pd.to_numeric(g.get("t_first_detection_s"), errors="coerce")
            trk = pd.to_numeric(g.get("t_first_track_s"), errors="coerce") if "t_first_track_s" in g else None
            out[name] = {"t_first_detection_s": plain(det.min()) if det is not None else None,
                         "t_first_track_s": plain(trk.min()) if trk is not None else None,
                         "source": "/metrics/first_detection"}
    elif run.events is not None and not run.events.empty and run.objects is not None:
        thr_of = dict(zip(run.objects["object_id"].astype(int), run.objects["threat_index"].astype(int)))
        for kind, col in (("first_detection", "t_first_detection_s"), ("first_track", "t_first_track_s")):
            ev = run.events[run.events["kind"] == kind]
            for oid, t in zip(ev["object_id"].astype(int), ev["t_s"]):
                ti = thr_of.get(oid, -1)
                if ti < 0:
                    continue
                rec = out.setdefault(tid.get(ti, str(ti)), {"t_first_detection_s": None, "t_first_track_s": None,
                                                            "source": "/events"})
                if rec[col] is None or t < rec[col]:
                    rec[col] = float(t)
    return out


def _provenance_section(run):
    m, s = run.meta, run.scenario
    sha_note = ""
    if run.scenario_yaml is not None and run.scenario_sha256:
        actual = hashlib.sha256(run.scenario_yaml.encode("utf-8")).hexdigest()
        sha_note = "matches embedded YAML" if actual == run.scenario_sha256 else "DOES NOT match embedded YAML"
    rows = [("Scenario name", s.get("name"), "name", ""),
            ("Description", s.get("description"), "description", ""),
            ("Start (UTC)", s.get("start_utc"), "start_utc", ""),
            ("Duration (s)", s.get("duration_s"), "duration_s", "s"),
            ("Base tick (s)", s.get("tick_s"), "tick_s", "s"),
            ("Seed", m.get("seed"), "seed", ""),
            ("Run index", m.get("run_index"), "run_index", ""),
            ("Program version", m.get("program_version"), "program_version", ""),
            ("Git revision", m.get("git_revision"), "git_revision", ""),
            ("Scenario SHA-256", run.scenario_sha256, "scenario_sha256", ""),
            ("SHA-256 check", sha_note or None, None, ""),
            ("File created (UTC)", m.get("created_utc"), "created_utc", ""),
            ("Command line", m.get("command_line"), "command_line", ""),
            ("Schema version", m.get("schema_version"), "schema_version", ""),
            ("Input file", os.path.abspath(run.path), None, "")]
    html = kv_table(rows, key_prefix="provenance")
    if run.scenario_yaml:
        html += f"<details><summary>Embedded scenario YAML</summary><pre>{esc(run.scenario_yaml)}</pre></details>"
    return html


def _summary_section(run, counts, first_det):
    parts = []
    if run.summary is None:
        parts.append(ABSENT.format(what="/summary"))
    else:
        rows = [(label, run.summary.get(key), key, "s" if key.endswith("_s") else "") for key, label in SUMMARY_KEYS
                if key in run.summary]
        rows += [(k, v, k, "") for k, v in run.summary.items() if k not in dict(SUMMARY_KEYS)]
        parts.append("<h3>Run summary (/summary)</h3>" + kv_table(rows, key_prefix="summary"))
    if counts:
        rows = [(k, v, k, "") for k, v in counts.items()]
        parts.append("<h3>Event counts (from /events)</h3>" + kv_table(rows, key_prefix="events"))
    if first_det:
        t = ["<table><tr><th>threat</th><th>first detection (s)</th><th>first track (s)</th><th>source</th></tr>"]
        for tid, r in first_det.items():
            t.append(f"<tr><td>{esc(tid)}</td>{cell(r['t_first_detection_s'], f'first_detection.{tid}.t_first_detection_s')}"
                     f"{cell(r['t_first_track_s'], f'first_detection.{tid}.t_first_track_s')}<td>{esc(r['source'])}</td></tr>")
        t.append("</table>")
        parts.append("<h3>First detection and first track per threat (earliest over all nodes)</h3>" + "".join(t))
    else:
        parts.append('<p class="absent">First-detection times: not in this file.</p>')
    return "".join(parts)


def _outcomes_section(run):
    parts = []
    oc = run.outcomes_threats
    if oc is None:
        parts.append(ABSENT.format(what="/outcomes/threats"))
    else:
        cols = [c for c in ("id", "impact_time_s", "impact_lat_deg", "impact_lon_deg", "miss_from_aim_m",
                            "apogee_alt_m", "apogee_time_s", "burnout_time_s", "burnout_speed_m_s", "flight_time_s",
                            "asset_hit", "intercepted", "leaked") if c in oc.columns]
        headers = {"id": "threat", "impact_time_s": "impact time", "impact_lat_deg": "impact lat",
                   "impact_lon_deg": "impact lon", "miss_from_aim_m": "miss from aim", "apogee_alt_m": "apogee alt",
                   "apogee_time_s": "apogee time", "burnout_time_s": "burnout time",
                   "burnout_speed_m_s": "burnout speed", "flight_time_s": "flight time", "asset_hit": "asset hit"}
        parts.append("<h3>Per threat</h3>" + df_table(oc, "threat", "id", cols, headers=headers,
                                                      bool_cols=("intercepted", "leaked")))
    oa = run.outcomes_assets
    if oa is None:
        parts.append(ABSENT.format(what="/outcomes/assets"))
    else:
        df = oa.copy()
        df.attrs = oa.attrs
        if run.assets is not None and "id" in run.assets and "owner" in run.assets:
            owners = dict(zip(run.assets["id"], run.assets["owner"]))
            df.insert(2, "owner", df["id"].map(owners))
        cols = [c for c in ("id", "owner", "hit", "hits") if c in df.columns]
        parts.append("<h3>Per defended asset</h3>" + df_table(df, "asset", "id", cols, bool_cols=("hit",)))
    return "".join(parts)


def _events_table(run):
    ev = run.events
    if ev is None:
        return ABSENT.format(what="/events")
    names = run.object_names()
    df = ev.copy()
    df.attrs = ev.attrs
    df.insert(2, "object", df["object_id"].astype(int).map(lambda o: names.get(o, str(o))))
    cols = [c for c in ("t_s", "object_id", "object", "kind", "lat_deg", "lon_deg", "alt_m", "detail") if c in df]
    table = df_table(df, columns=cols)
    state = " open" if len(df) <= 60 else ""
    return f"<details{state}><summary>Events table ({len(df)} rows)</summary>{table}</details>"


def build_report(path, out_dir):
    run = h5read.load_run(path)
    os.makedirs(out_dir, exist_ok=True)
    images = Images(out_dir)
    counts = event_counts(run)
    first_det = first_detection_per_threat(run)
    title = f"After-action review: {run.scenario.get('name', os.path.basename(path))}"
    sections = {}
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="note">bmdsim run file <code>{esc(os.path.basename(path))}</code>; all parameters notional.'
            " Times are seconds since scenario start.</p>"]

    body.append('<h2 id="summary">Summary</h2>' + _summary_section(run, counts, first_det))
    body.append('<h2 id="provenance">Scenario and provenance</h2>' + _provenance_section(run))
    body.append('<h2 id="outcomes">Outcomes</h2>' + _outcomes_section(run))

    fig = plots.timeline(run)
    body.append('<h2 id="timeline">Event timeline</h2>')
    body.append(images.add(fig, "timeline", "Event timeline") if fig else ABSENT.format(what="Threat list"))
    body.append(_events_table(run))
    sections["timeline"] = fig is not None

    fig = plots.ground_track(run)
    body.append('<h2 id="map">Ground-track map</h2>')
    body.append('<p class="note">Equirectangular lat/lon with a cos(latitude) aspect; coastlines are not drawn '
                "(no offline coastline data). Sensor coverage wedges are drawn to full instrumented range.</p>")
    body.append(images.add(fig, "ground_track", "Ground-track map") if fig else ABSENT.format(what="/truth"))
    if run.sensors is None:
        body.append(ABSENT.format(what="Sensor coverage (/sensors)"))
    if run.engagements is None:
        body.append(ABSENT.format(what="Intercept points (/engagements)"))
    sections["map"] = fig is not None

    fig = plots.altitude_downrange(run)
    body.append('<h2 id="profile">Altitude vs downrange</h2>')
    body.append(images.add(fig, "altitude_downrange", "Altitude vs downrange") if fig
                else ABSENT.format(what="/truth"))
    sections["profile"] = fig is not None

    body.append('<h2 id="sensors">Sensors</h2>')
    if run.sensors is None:
        body.append(ABSENT.format(what="/sensors"))
    else:
        s = run.sensors.copy()
        s.attrs = run.sensors.attrs
        if run.measurement_counts is not None:
            mc = run.measurement_counts.set_index("sensor_index")
            s["measurements"] = s["sensor_index"].map(mc["measurements"]).fillna(0).astype(int)
            s["false_alarms"] = s["sensor_index"].map(mc["false_alarms"]).fillna(0).astype(int)
        if "max_range_m" in s:
            s["max_range_km"] = s["max_range_m"] / 1e3
            s.attrs["units"] = dict(s.attrs.get("units", {}), max_range_km="km")
        cols = [c for c in ("id", "type", "nation", "lat_deg", "lon_deg", "alt_m", "max_range_km",
                            "boresight_az_deg", "fov_half_width_deg", "measurements", "false_alarms") if c in s]
        body.append(df_table(s, "sensor", "id", cols, headers={"lat_deg": "lat", "lon_deg": "lon", "alt_m": "alt",
                                                               "max_range_km": "max range",
                                                               "boresight_az_deg": "boresight az",
                                                               "fov_half_width_deg": "FOV half-width",
                                                               "false_alarms": "false alarms"}))
        if run.measurement_counts is None:
            body.append(ABSENT.format(what="/measurements"))
    sections["sensors"] = run.sensors is not None

    body.append('<h2 id="tracking">Track-picture quality</h2>')
    fig = plots.track_quality(run.metrics)
    if fig is not None:
        body.append(images.add(fig, "track_quality", "Track-picture quality per node"))
        rows = []
        for node, df in sorted(run.metrics.items()):
            r = {"node": node, "samples": len(df)}
            for c in ("ospa_m", "gospa_m", "completeness", "ambiguity", "spuriousness", "pos_error_m",
                      "vel_error_m_s"):
                if c in df:
                    r[f"mean {c}"] = plain(pd.to_numeric(df[c], errors="coerce").mean())
            rows.append(r)
        body.append("<h3>Time-averaged metrics per node</h3>" + df_table(pd.DataFrame(rows), "metrics", "node"))
    else:
        body.append(ABSENT.format(what="/metrics (per-node OSPA/GOSPA, SIAP)"))
    if run.first_detection is not None:
        body.append("<h3>First detection / first track per node (/metrics/first_detection)</h3>"
                    + df_table(run.first_detection))
    if run.tracks:
        rows = [{"node": n, "rows": len(d), "tracks": int(d["track_id"].nunique()) if "track_id" in d else None,
                 "first t (s)": plain(d["t_s"].min()) if len(d) else None,
                 "last t (s)": plain(d["t_s"].max()) if len(d) else None} for n, d in sorted(run.tracks.items())]
        body.append("<h3>Track tables (/tracks)</h3>" + df_table(pd.DataFrame(rows), "tracks", "node"))
    sections["tracking"] = fig is not None

    body.append('<h2 id="engagements">Engagements</h2>')
    if run.engagements is None:
        body.append(ABSENT.format(what="/engagements"))
    else:
        e = run.engagements.copy()
        e.attrs = run.engagements.attrs
        e.insert(0, "n", np.arange(1, len(e) + 1))
        body.append(f'<p>Engagements in table: <b data-key="engagements.rows" data-value="{len(e)}">{len(e)}</b>'
                    + (f"; kills: <b>{int((e['result'] == 'kill').sum())}</b>" if "result" in e else "") + "</p>")
        names = run.object_names()
        if "truth_id" in e:
            e.insert(e.columns.get_loc("truth_id") + 1, "target",
                     e["truth_id"].astype(int).map(lambda o: names.get(o, str(o))))
        body.append(df_table(e, "engagement", "n", headers={
            "decision_t_s": "decision t", "fire_unit": "fire unit", "interceptor_id": "interceptor",
            "target_track_id": "track", "truth_id": "truth id", "pip_lat_deg": "PIP lat", "pip_lon_deg": "PIP lon",
            "pip_alt_m": "PIP alt", "launch_t_s": "launch t", "miss_distance_m": "miss distance",
            "ka_result": "kill assessment"}))
    fig = plots.inventory(run.inventory)
    if fig is not None:
        body.append(images.add(fig, "inventory", "Interceptor inventory"))
    elif run.engagements is not None:
        body.append(ABSENT.format(what="/inventory"))
    sections["engagements"] = run.engagements is not None

    body.append('<h2 id="links">Data links</h2>')
    link_stats = None
    if run.links is None:
        body.append(ABSENT.format(what="/links/messages"))
    else:
        m = run.links
        tab = pd.crosstab(m["link"], m["status"]) if len(m) else pd.DataFrame()
        lat = (m["t_recv_s"] - m["t_send_s"])[m["status"] == "delivered"] if len(m) else pd.Series(dtype=float)
        stats = tab.reset_index()
        stats["total"] = tab.sum(axis=1).to_numpy() if len(tab) else []
        if len(tab):
            med = lat.groupby(m.loc[lat.index, "link"]).median()
            stats["median latency (ms)"] = stats["link"].map(med * 1e3)
        stats.columns = [str(c) for c in stats.columns]
        body.append(df_table(stats, "link", "link"))
        fig = plots.links(m)
        if fig is not None:
            body.append(images.add(fig, "links", "Link statistics"))
        link_stats = {"by_status": {str(k): int(v) for k, v in m["status"].value_counts().items()},
                      "messages": int(len(m)),
                      "median_latency_s": plain(lat.median()) if len(lat) else None}
    sections["links"] = run.links is not None

    nav = [("summary", "Summary"), ("provenance", "Provenance"), ("outcomes", "Outcomes"), ("timeline", "Timeline"),
           ("map", "Map"), ("profile", "Altitude"), ("sensors", "Sensors"), ("tracking", "Tracking"),
           ("engagements", "Engagements"), ("links", "Links")]
    with open(os.path.join(out_dir, "report.html"), "w", encoding="utf-8") as fh:
        fh.write(page(title, body, nav))

    summary = {
        "input": os.path.abspath(path),
        "meta": run.meta,
        "scenario": run.scenario,
        "scenario_sha256": run.scenario_sha256,
        "summary": run.summary,
        "event_counts": counts,
        "first_detection": first_det or None,
        "threats": records(run.outcomes_threats),
        "assets": records(run.outcomes_assets),
        "engagements": None if run.engagements is None else {
            "rows": int(len(run.engagements)),
            "by_result": ({str(k): int(v) for k, v in run.engagements["result"].value_counts().items()}
                          if "result" in run.engagements else None)},
        "links": link_stats,
        "sections_present": sections,
        "images": images.files,
    }
    write_json(os.path.join(out_dir, "summary.json"), summary)
    return os.path.join(out_dir, "report.html")


__all__ = ["build_report", "fmt"]
