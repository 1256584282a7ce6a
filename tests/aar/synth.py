"""Synthetic bmdsim run and sweep files (HDF5 schema_version 1) for the AAR tests.

Threats fly notional ballistic arcs from about 39 N 125.7 E toward 36-37.5 N 127 E:
a boost phase with constant acceleration, then a flat-Earth ballistic parabola
(continuous velocity at burnout) laid along the great circle to the impact point.
Truth is sampled every 1 s; ECEF positions come from lat/lon/alt with the WGS-84
formula, velocities from central differences of ECEF. All values are notional.

`write_run(path, full=True)` returns a dict of the values the report must show.
"""
import hashlib
import math

import h5py
import numpy as np

G = 9.80665
R_EARTH = 6371008.8
A = 6378137.0
F = 1.0 / 298.257223563
E2 = F * (2.0 - F)
START_UTC = "2025-03-10T00:00:00Z"
DURATION_S = 600.0
STR = h5py.string_dtype("utf-8")


def ecef(lat_deg, lon_deg, alt_m):
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    n = A / np.sqrt(1.0 - E2 * np.sin(lat) ** 2)
    return ((n + alt_m) * np.cos(lat) * np.cos(lon), (n + alt_m) * np.cos(lat) * np.sin(lon),
            (n * (1.0 - E2) + alt_m) * np.sin(lat))


def gc_dist(lat1, lon1, lat2, lon2):
    p1, l1, p2, l2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * R_EARTH * np.arcsin(np.sqrt(a))


def gc_azimuth(lat1, lon1, lat2, lon2):
    p1, l1, p2, l2 = map(np.radians, (lat1, lon1, lat2, lon2))
    y = np.sin(l2 - l1) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(l2 - l1)
    return (np.degrees(np.arctan2(y, x)) + 360.0) % 360.0


def gc_dest(lat, lon, az_deg, d_m):
    p1, l1, az = np.radians(lat), np.radians(lon), np.radians(az_deg)
    d = np.asarray(d_m) / R_EARTH
    p2 = np.arcsin(np.sin(p1) * np.cos(d) + np.cos(p1) * np.sin(d) * np.cos(az))
    l2 = l1 + np.arctan2(np.sin(az) * np.sin(d) * np.cos(p1), np.cos(d) - np.sin(p1) * np.sin(p2))
    return np.degrees(p2), np.degrees(l2)


class Arc:
    """Boost (0..tb, constant acceleration) then ballistic flight to ground range R_m."""

    def __init__(self, lat0, lon0, az_deg, range_m, t0, vz0=1100.0, tb=60.0):
        self.lat0, self.lon0, self.az, self.t0, self.tb, self.vz0 = lat0, lon0, az_deg, t0, tb, vz0
        self.hb = vz0 * tb / 2.0
        self.tf = (vz0 + math.sqrt(vz0 ** 2 + 2 * G * self.hb)) / G
        self.vh = range_m / (tb / 2.0 + self.tf)
        self.flight_time = tb + self.tf
        self.apogee_dt = tb + vz0 / G
        self.apogee_alt = self.hb + vz0 ** 2 / (2 * G)

    def at(self, t):
        """Geodetic (lat, lon, alt) at absolute times t (s since scenario start)."""
        tau = np.clip(np.asarray(t, dtype=float) - self.t0, 0.0, self.flight_time)
        boost = tau < self.tb
        tt = tau - self.tb
        d = np.where(boost, self.vh * tau ** 2 / (2 * self.tb), self.vh * self.tb / 2 + self.vh * tt)
        h = np.where(boost, self.vz0 * tau ** 2 / (2 * self.tb), self.hb + self.vz0 * tt - 0.5 * G * tt ** 2)
        lat, lon = gc_dest(self.lat0, self.lon0, self.az, d)
        return lat, lon, np.maximum(h, 0.0)

    def phase(self, t):
        tau = np.asarray(t, dtype=float) - self.t0
        _, _, alt = self.at(t)
        return np.where(tau < self.tb, "boost",
                        np.where((tau > self.apogee_dt) & (alt < 50e3), "terminal", "midcourse"))


def sample_truth(object_id, t, lat, lon, alt, phase):
    x, y, z = ecef(lat, lon, alt)
    if len(t) > 1:
        vx, vy, vz = (np.gradient(c, t) for c in (x, y, z))
    else:
        vx = vy = vz = np.zeros(len(t))
    return dict(t_s=np.asarray(t, float), object_id=np.full(len(t), object_id, np.int64), x_m=x, y_m=y, z_m=z,
                vx_m_s=vx, vy_m_s=vy, vz_m_s=vz, lat_deg=lat, lon_deg=lon, alt_m=alt,
                speed_m_s=np.sqrt(vx ** 2 + vy ** 2 + vz ** 2), phase=np.asarray(phase, dtype=object))


UNITS = {
    "t_s": "s", "x_m": "m", "y_m": "m", "z_m": "m", "vx_m_s": "m/s", "vy_m_s": "m/s", "vz_m_s": "m/s",
    "lat_deg": "deg", "lon_deg": "deg", "alt_m": "m", "speed_m_s": "m/s",
}


def unit_for(name):
    if name in UNITS:
        return UNITS[name]
    for suffix, u in (("_deg", "deg"), ("_m_s", "m/s"), ("_s", "s"), ("_m", "m"), ("_rad", "rad")):
        if name.endswith(suffix):
            return u
    return ""


def write_table(parent, name, description, columns):
    """columns: dict name -> array (str arrays become UTF-8 vlen strings)."""
    g = parent.create_group(name)
    names = list(columns)
    n = None
    for col in names:
        values = columns[col]
        arr = np.asarray(values)
        if arr.dtype.kind in "OUS":
            ds = g.create_dataset(col, data=np.array([str(v) for v in values], dtype=object), dtype=STR)
        else:
            ds = g.create_dataset(col, data=arr)
        n = len(arr) if n is None else n
        assert len(arr) == n, (name, col)
        ds.attrs["units"] = unit_for(col)
        ds.attrs["description"] = f"{col.replace('_', ' ')}"
    g.attrs["kind"] = "table"
    g.attrs["description"] = description
    g.attrs.create("columns", np.array(names, dtype=object), dtype=STR)
    g.attrs["rows"] = np.int64(n or 0)
    return g


def concat(rows_list):
    keys = list(rows_list[0])
    return {k: np.concatenate([np.asarray(r[k]) for r in rows_list]) for k in keys}


ASSETS = [  # id, owner, lat, lon, alt, radius_m, value
    ("osan-ab", "US", 37.090, 127.030, 12.0, 3000.0, 8.0),
    ("camp-humphreys", "US", 36.963, 127.031, 15.0, 3500.0, 9.0),
    ("daejeon", "ROK", 36.350, 127.385, 60.0, 6000.0, 7.0),
]
THREATS = [  # id, type, launch lat, lon, launch time, aim lat, aim lon, aim asset, miss along track (m)
    ("T1", "srbm-a", 39.02, 125.70, 30.0, 37.090, 127.030, "osan-ab", 140.0),
    ("T2", "srbm-a", 39.05, 125.75, 45.0, 36.963, 127.031, "camp-humphreys", -90.0),
    ("T3", "srbm-b", 38.98, 125.68, 62.0, 37.500, 127.000, "", 600.0),
]


def write_run(path, full=True, seed=20250310):
    """Writes a run file; `full` adds sensors, measurements, tracks, metrics, engagements,
    inventory and links (two engagements: T2 killed, T1 missed). Returns expected values."""
    exp = {"threats": [], "events": {}}
    truth_rows, events = [], []
    objects = {"object_id": [], "name": [], "kind": [], "threat_index": [], "nation": []}

    def event(t, oid, kind, lat, lon, alt, detail=""):
        events.append((float(t), int(oid), kind, float(lat), float(lon), float(alt), detail))

    intercept_t = {1: None}
    arcs = []
    for i, (tid, ttype, la, lo, t0, alat, alon, asset, miss) in enumerate(THREATS):
        az = gc_azimuth(la, lo, alat, alon)
        rng = gc_dist(la, lo, alat, alon) + miss
        arc = Arc(la, lo, az, rng, t0, vz0=1100.0 + 60.0 * i)
        arcs.append((arc, az))
        rv_id, bo_id = 100 + 2 * i, 101 + 2 * i
        for oid, kind in ((rv_id, "rv"), (bo_id, "booster")):
            objects["object_id"].append(oid)
            objects["name"].append(f"{tid}-{kind}")
            objects["kind"].append(kind)
            objects["threat_index"].append(i)
            objects["nation"].append("RED")
    # The interceptor on T2 kills it 40 s before its impact.
    t2_arc = arcs[1][0]
    t_kill = t2_arc.t0 + t2_arc.flight_time - 40.0
    intercept_t[1] = t_kill

    outcomes = {k: [] for k in ("threat_index", "id", "impact_time_s", "impact_lat_deg", "impact_lon_deg",
                                "miss_from_aim_m", "apogee_alt_m", "apogee_time_s", "burnout_time_s",
                                "burnout_speed_m_s", "flight_time_s", "asset_hit", "intercepted", "leaked")}
    asset_hits = {a[0]: 0 for a in ASSETS}
    for i, (tid, ttype, la, lo, t0, alat, alon, asset, miss) in enumerate(THREATS):
        arc, az = arcs[i]
        rv_id, bo_id = 100 + 2 * i, 101 + 2 * i
        killed = full and intercept_t.get(i) is not None
        t_end = t_kill if killed else t0 + arc.flight_time
        t = np.arange(math.ceil(t0), math.floor(t_end) + 1, 1.0)
        t = np.unique(np.concatenate([[t0], t[(t > t0) & (t < t_end)], [t_end]]))
        lat, lon, alt = arc.at(t)
        phase = arc.phase(t)
        if not killed:
            phase[-1] = "impacted"
        truth_rows.append(sample_truth(rv_id, t, lat, lon, alt, phase))
        # Booster: same path until separation, then a shorter, slower arc.
        sep_t = t0 + arc.tb + 2.0
        slat, slon, salt = arc.at(sep_t)
        bo_arc = Arc(la, lo, az, 0.0, t0)
        bo_arc.vh, bo_arc.vz0 = arc.vh, arc.vz0
        tb_full = np.arange(math.ceil(t0), math.floor(sep_t) + 1, 1.0)
        fall_t = (arc.vz0 * 0.3 + math.sqrt((arc.vz0 * 0.3) ** 2 + 2 * G * salt)) / G
        t_fall = np.arange(math.floor(sep_t) + 1, math.floor(sep_t + fall_t) + 1, 1.0)
        t_fall = np.concatenate([t_fall, [sep_t + fall_t]])
        blat0, blon0, balt0 = arc.at(tb_full)
        d_sep = gc_dist(la, lo, slat, slon)
        dt = t_fall - sep_t
        blat1, blon1 = gc_dest(la, lo, az, d_sep + 0.6 * arc.vh * dt)
        balt1 = np.maximum(salt + 0.3 * arc.vz0 * dt - 0.5 * G * dt ** 2, 0.0)
        bt = np.concatenate([tb_full, t_fall])
        bph = np.concatenate([arc.phase(tb_full), np.full(len(t_fall), "midcourse", dtype=object)])
        bph[-1] = "impacted"
        truth_rows.append(sample_truth(bo_id, bt, np.concatenate([blat0, blat1]), np.concatenate([blon0, blon1]),
                                       np.concatenate([balt0, balt1]), bph))

        event(t0, rv_id, "launch", la, lo, 0.0, f"threat {tid}")
        b = arc.at(t0 + arc.tb)
        event(t0 + arc.tb, rv_id, "burnout", *[v for v in b])
        event(sep_t, rv_id, "separation", slat, slon, salt, f"booster {bo_id}")
        ap_t = t0 + arc.apogee_dt
        if ap_t < t_end:
            event(ap_t, rv_id, "apogee", *arc.at(ap_t))
        event(sep_t + fall_t, bo_id, "impact", blat1[-1], blon1[-1], 0.0, "booster")
        ilat, ilon, _ = arc.at(t0 + arc.flight_time)
        hit = ""
        if not killed:
            event(t0 + arc.flight_time, rv_id, "impact", ilat, ilon, 0.0, f"threat {tid}")
            for aid, _, a_lat, a_lon, _, rad, _ in ASSETS:
                if gc_dist(ilat, ilon, a_lat, a_lon) <= rad:
                    hit = aid
                    asset_hits[aid] += 1
            if full:
                event(t0 + arc.flight_time, rv_id, "leak", ilat, ilon, 0.0, f"threat {tid} leaked")
        outcomes["threat_index"].append(i)
        outcomes["id"].append(tid)
        outcomes["impact_time_s"].append(np.nan if killed else t0 + arc.flight_time)
        outcomes["impact_lat_deg"].append(np.nan if killed else float(ilat))
        outcomes["impact_lon_deg"].append(np.nan if killed else float(ilon))
        outcomes["miss_from_aim_m"].append(np.nan if killed else float(gc_dist(ilat, ilon, alat, alon)))
        outcomes["apogee_alt_m"].append(arc.apogee_alt)
        outcomes["apogee_time_s"].append(ap_t)
        outcomes["burnout_time_s"].append(t0 + arc.tb)
        outcomes["burnout_speed_m_s"].append(math.hypot(arc.vh, arc.vz0))
        outcomes["flight_time_s"].append(t_end - t0)
        outcomes["asset_hit"].append(hit)
        outcomes["intercepted"].append(1 if killed else 0)
        outcomes["leaked"].append(0 if killed else 1)
        exp["threats"].append({"id": tid, "impact_time_s": None if killed else t0 + arc.flight_time,
                               "asset_hit": hit, "intercepted": killed})

    engagements = None
    first_det = None
    if full:
        # Two interceptors from a fire unit near Camp Humphreys: one kills T2, one misses T1.
        fu_lat, fu_lon = 36.95, 127.05
        eng = {k: [] for k in ("decision_t_s", "fire_unit", "interceptor_id", "target_track_id", "truth_id",
                               "pip_lat_deg", "pip_lon_deg", "pip_alt_m", "launch_t_s", "result",
                               "miss_distance_m", "ka_result")}
        plans = [(1, t_kill, "kill", 0.8, "killed"), (0, arcs[0][0].t0 + arcs[0][0].flight_time - 30.0, "miss",
                                                       350.0, "not_killed")]
        for n, (ti, t_int, result, miss_m, ka) in enumerate(plans):
            iid = 200 + n
            arc = arcs[ti][0]
            plat, plon, palt = arc.at(t_int)
            t_launch = t_int - 45.0
            objects["object_id"].append(iid)
            objects["name"].append(f"INT-{n + 1}")
            objects["kind"].append("interceptor")
            objects["threat_index"].append(-1)
            objects["nation"].append("US" if n == 0 else "ROK")
            tt = np.concatenate([np.arange(math.ceil(t_launch), math.floor(t_int) + 1, 1.0), [t_int]])
            tt = np.unique(tt[tt >= t_launch])
            s = (tt - t_launch) / (t_int - t_launch)
            ilat = fu_lat + (plat - fu_lat) * s
            ilon = fu_lon + (plon - fu_lon) * s
            ialt = palt * (1 - (1 - s) ** 2)
            truth_rows.append(sample_truth(iid, tt, ilat, ilon, ialt, np.full(len(tt), "midcourse", dtype=object)))
            rv_id = 100 + 2 * ti
            event(t_launch - 5.0, rv_id, "engagement_decision", fu_lat, fu_lon, 0.0, f"FU-1 -> {THREATS[ti][0]}")
            event(t_launch, iid, "interceptor_launch", fu_lat, fu_lon, 0.0, "FU-1")
            if result == "kill":
                event(t_int, rv_id, "intercept", plat, plon, palt, f"INT-{n + 1} kill")
            event(t_int + 2.0, rv_id, "kill_assessment", plat, plon, palt, ka)
            for k, v in (("decision_t_s", t_launch - 5.0), ("fire_unit", "FU-1"), ("interceptor_id", iid),
                         ("target_track_id", 5000 + ti), ("truth_id", rv_id), ("pip_lat_deg", plat),
                         ("pip_lon_deg", plon), ("pip_alt_m", palt), ("launch_t_s", t_launch),
                         ("result", result), ("miss_distance_m", miss_m), ("ka_result", ka)):
                eng[k].append(v)
        engagements = eng
        first_det = {"threat_index": [], "node": [], "t_first_detection_s": [], "t_first_track_s": []}
        for i, th in enumerate(THREATS):
            for node, delay in (("ROK-KAMD", 25.0), ("US-C2", 18.0)):
                td = th[4] + delay + 2.0 * i
                first_det["threat_index"].append(i)
                first_det["node"].append(node)
                first_det["t_first_detection_s"].append(td)
                first_det["t_first_track_s"].append(td + 6.0)
                if node == "US-C2":
                    event(td, 100 + 2 * i, "first_detection", *arcs[i][0].at(td), node)
                    event(td + 6.0, 100 + 2 * i, "first_track", *arcs[i][0].at(td + 6.0), node)
        exp["first_detection"] = first_det

    truth = concat(truth_rows)
    order = np.lexsort((truth["object_id"], truth["t_s"]))
    truth = {k: v[order] for k, v in truth.items()}
    events.sort(key=lambda e: (e[0], e[1]))
    ev = {"t_s": [e[0] for e in events], "object_id": np.array([e[1] for e in events], np.int64),
          "kind": [e[2] for e in events], "lat_deg": [e[3] for e in events], "lon_deg": [e[4] for e in events],
          "alt_m": [e[5] for e in events], "detail": [e[6] for e in events]}
    for e in events:
        exp["events"][e[2]] = exp["events"].get(e[2], 0) + 1

    n_int = 1 if full else 0
    summary = dict(threats=3, impacts=3 - n_int, assets_hit=sum(1 for v in asset_hits.values() if v),
                   leakers=3 - n_int, intercepts=n_int, engagements=2 if full else 0,
                   interceptors_used=2 if full else 0, wall_time_s=0.42)
    exp["summary"] = summary
    exp["truth"] = truth
    exp["objects"] = objects

    with h5py.File(path, "w") as f:
        meta = f.create_group("meta")
        meta.attrs["schema_version"] = np.int64(1)
        meta.attrs["program_version"] = "0.3.0-test"
        meta.attrs["git_revision"] = "abc1234"
        meta.attrs["command_line"] = "bmdsim run scenarios/korea-baseline.yaml -o out/baseline.h5"
        meta.attrs["seed"] = np.uint64(seed)
        meta.attrs["created_utc"] = "2025-03-11T08:15:00Z"
        meta.attrs["file_kind"] = "run"
        meta.attrs["run_index"] = np.int64(0)
        sc = f.create_group("scenario")
        sc.attrs["name"] = "korea-baseline (synthetic)"
        sc.attrs["description"] = "Three notional SRBMs toward defended sites; synthetic test data."
        sc.attrs["start_utc"] = START_UTC
        sc.attrs["duration_s"] = DURATION_S
        sc.attrs["tick_s"] = 0.1
        text = "name: korea-baseline\nthreats: []\n"
        y = sc.create_dataset("yaml", data=text, dtype=STR)
        y.attrs["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        ent = f.create_group("entities")
        write_table(ent, "threats", "Threat launches", {
            "threat_index": np.arange(3, dtype=np.int64), "id": [t[0] for t in THREATS],
            "type": [t[1] for t in THREATS], "launch_lat_deg": [t[2] for t in THREATS],
            "launch_lon_deg": [t[3] for t in THREATS], "launch_alt_m": [50.0] * 3,
            "launch_time_s": [t[4] for t in THREATS], "aim_lat_deg": [t[5] for t in THREATS],
            "aim_lon_deg": [t[6] for t in THREATS], "aim_asset": [t[7] for t in THREATS],
            "shaping": ["minimum_energy"] * 3, "launch_azimuth_deg": [a[1] for a in arcs]})
        write_table(ent, "objects", "Flying objects", {
            "object_id": np.array(objects["object_id"], np.int64), "name": objects["name"],
            "kind": objects["kind"], "threat_index": np.array(objects["threat_index"], np.int64),
            "nation": objects["nation"]})
        write_table(ent, "assets", "Defended assets", {
            "asset_index": np.arange(len(ASSETS), dtype=np.int64), "id": [a[0] for a in ASSETS],
            "owner": [a[1] for a in ASSETS], "lat_deg": [a[2] for a in ASSETS], "lon_deg": [a[3] for a in ASSETS],
            "alt_m": [a[4] for a in ASSETS], "radius_m": [a[5] for a in ASSETS], "value": [a[6] for a in ASSETS]})
        write_table(ent, "nations", "Nations", {"id": ["US", "ROK", "NATO", "RED"],
                                                 "name": ["United States", "Republic of Korea", "NATO", "Threat"]})
        write_table(f, "truth", "Truth states", truth)
        write_table(f, "events", "Events", ev)
        out = f.create_group("outcomes")
        oc = dict(outcomes)
        oc["threat_index"] = np.array(oc["threat_index"], np.int64)
        oc["intercepted"] = np.array(oc["intercepted"], np.uint8)
        oc["leaked"] = np.array(oc["leaked"], np.uint8)
        write_table(out, "threats", "Per-threat outcomes", oc)
        write_table(out, "assets", "Per-asset outcomes", {
            "asset_index": np.arange(len(ASSETS), dtype=np.int64), "id": [a[0] for a in ASSETS],
            "hit": np.array([1 if asset_hits[a[0]] else 0 for a in ASSETS], np.uint8),
            "hits": np.array([asset_hits[a[0]] for a in ASSETS], np.int64)})
        s = f.create_group("summary")
        for k, v in summary.items():
            s.attrs[k] = np.float64(v) if k == "wall_time_s" else np.int64(v)
        if full:
            _write_full_extras(f, arcs, engagements, first_det, truth)
    return exp


def _write_full_extras(f, arcs, engagements, first_det, truth):
    rng = np.random.default_rng(7)
    sensors = [("us-tpy2-1", "x_band_radar", "US", 36.12, 128.34, 400.0, 1000e3, 315.0, 60.0),
               ("rok-gp-1", "l_band_radar", "ROK", 37.20, 127.55, 200.0, 600e3, 320.0, 60.0),
               ("nato-sat-ir", "space_ir", "NATO", 37.80, 126.50, 35786e3, 5000e3, 0.0, 180.0)]
    write_table(f, "sensors", "Sensors", {
        "sensor_index": np.arange(len(sensors), dtype=np.int64), "id": [s[0] for s in sensors],
        "type": [s[1] for s in sensors], "nation": [s[2] for s in sensors], "lat_deg": [s[3] for s in sensors],
        "lon_deg": [s[4] for s in sensors], "alt_m": [s[5] for s in sensors], "max_range_m": [s[6] for s in sensors],
        "boresight_az_deg": [s[7] for s in sensors], "fov_half_width_deg": [s[8] for s in sensors]})
    rv = truth["object_id"] % 2 == 0
    rv &= truth["object_id"] < 200
    idx = np.nonzero(rv)[0]
    n = len(idx)
    sensor_index = rng.integers(0, 2, n)
    m = {"t_s": truth["t_s"][idx], "sensor_index": sensor_index.astype(np.int64),
         "truth_id": truth["object_id"][idx].astype(np.int64), "kind": ["radar"] * n,
         "range_m": rng.uniform(2e5, 6e5, n), "az_rad": rng.uniform(5.0, 5.8, n), "el_rad": rng.uniform(0.05, 0.5, n),
         "rdot_m_s": rng.normal(-1500, 200, n)}
    fa = 12
    for k, v in (("t_s", rng.uniform(50, 400, fa)), ("sensor_index", np.zeros(fa, np.int64)),
                 ("truth_id", np.full(fa, -1, np.int64)), ("kind", ["radar"] * fa),
                 ("range_m", rng.uniform(2e5, 6e5, fa)), ("az_rad", rng.uniform(5.0, 5.8, fa)),
                 ("el_rad", rng.uniform(0.05, 0.5, fa)), ("rdot_m_s", rng.normal(0, 50, fa))):
        m[k] = np.concatenate([np.asarray(m[k], dtype=object if k == "kind" else None), np.asarray(v)])
    write_table(f, "measurements", "Measurements", m)
    tracks = f.create_group("tracks")
    metrics = f.create_group("metrics")
    t_grid = np.arange(40.0, 420.0, 2.0)
    for j, node in enumerate(("ROK-KAMD", "US-C2")):
        sel = idx[::2]
        write_table(tracks, node, f"Track picture of {node}", {
            "t_s": truth["t_s"][sel], "track_id": (5000 + truth["object_id"][sel] // 2 - 50).astype(np.int64),
            "x_m": truth["x_m"][sel] + rng.normal(0, 200, len(sel)), "y_m": truth["y_m"][sel],
            "z_m": truth["z_m"][sel], "vx_m_s": truth["vx_m_s"][sel], "vy_m_s": truth["vy_m_s"][sel],
            "vz_m_s": truth["vz_m_s"][sel], "truth_id": truth["object_id"][sel].astype(np.int64),
            "status": ["confirmed"] * len(sel)})
        ospa = 2000 * np.exp(-(t_grid - 40) / (60 + 30 * j)) + 150 + rng.normal(0, 20, len(t_grid))
        write_table(metrics, node, f"Track-picture metrics of {node}", {
            "t_s": t_grid, "ospa_m": ospa, "gospa_m": ospa * 1.4,
            "completeness": np.clip(1 - np.exp(-(t_grid - 40) / 50), 0, 1),
            "ambiguity": 1.0 + 0.2 * (rng.random(len(t_grid)) < 0.1),
            "spuriousness": 0.05 * rng.random(len(t_grid)),
            "pos_error_m": ospa * 0.8, "vel_error_m_s": ospa * 0.02})
    write_table(metrics, "first_detection", "First detection and track per threat and node", first_det)
    write_table(f, "engagements", "Engagements", engagements)
    write_table(f, "inventory", "Interceptor inventory", {
        "t_s": [0.0, engagements["launch_t_s"][0], engagements["launch_t_s"][1]],
        "fire_unit": ["FU-1"] * 3, "remaining": np.array([8, 7, 6], np.int64)})
    links = f.create_group("links")
    k = 400
    t_send = np.sort(rng.uniform(30, 420, k))
    lat = rng.gamma(2.0, 0.25, k)
    status = rng.choice(["delivered", "lost", "withheld", "dropped_capacity", "outage"], k,
                        p=[0.8, 0.08, 0.07, 0.03, 0.02])
    t_recv = np.where(status == "delivered", t_send + lat, np.nan)
    linkname = rng.choice(["L16-ROK-US", "JREAP-US-NATO", "KVMF-ROK"], k)
    write_table(links, "messages", "Link messages", {
        "t_send_s": t_send, "t_recv_s": t_recv, "link": linkname, "from_node": rng.choice(["ROK-KAMD", "US-C2"], k),
        "to_node": rng.choice(["US-C2", "NATO-AOC"], k), "kind": ["track"] * k, "status": status})


def write_sweep(path):
    """A 3x2 grid (architecture x interceptor salvo) of 40 runs each; returns expected values."""
    rng = np.random.default_rng(11)
    archs = ["national", "bilateral", "trilateral"]
    salvos = ["1", "2"]
    runs = {k: [] for k in ("grid_point", "run_index", "seed_stream", "leakers", "assets_hit", "interceptors_used",
                            "time_to_first_track_s", "status")}
    agg = {k: [] for k in ("grid_point", "param:architecture", "param:salvo", "n_runs", "p_zero_leak",
                           "p_zero_leak_lo", "p_zero_leak_hi", "mean_leakers", "mean_leakers_lo", "mean_leakers_hi",
                           "mean_interceptors")}
    gp = 0
    ri = 0
    for a_i, arch in enumerate(archs):
        for salvo in salvos:
            n = 40
            p_leak = max(0.05, 0.5 - 0.15 * a_i - 0.1 * int(salvo))
            leak = rng.binomial(3, p_leak, n)
            interceptors = rng.poisson(3 * int(salvo) * (1 + 0.3 * a_i), n)
            ttft = rng.normal(70 - 12 * a_i, 8, n)
            for r in range(n):
                runs["grid_point"].append(gp)
                runs["run_index"].append(ri)
                runs["seed_stream"].append(1000 + ri)
                runs["leakers"].append(int(leak[r]))
                runs["assets_hit"].append(int(min(leak[r], 2)))
                runs["interceptors_used"].append(int(interceptors[r]))
                runs["time_to_first_track_s"].append(float(ttft[r]))
                runs["status"].append("ok")
                ri += 1
            k = int(np.sum(leak == 0))
            p = k / n
            z = 1.959964
            den = 1 + z * z / n
            c = (p + z * z / (2 * n)) / den
            h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
            se = leak.std(ddof=1) / math.sqrt(n)
            for key, v in (("grid_point", gp), ("param:architecture", arch), ("param:salvo", salvo), ("n_runs", n),
                           ("p_zero_leak", p), ("p_zero_leak_lo", c - h), ("p_zero_leak_hi", c + h),
                           ("mean_leakers", leak.mean()), ("mean_leakers_lo", leak.mean() - z * se),
                           ("mean_leakers_hi", leak.mean() + z * se), ("mean_interceptors", interceptors.mean())):
                agg[key].append(v)
            gp += 1
    with h5py.File(path, "w") as f:
        meta = f.create_group("meta")
        meta.attrs["schema_version"] = np.int64(1)
        meta.attrs["program_version"] = "0.3.0-test"
        meta.attrs["git_revision"] = "abc1234"
        meta.attrs["command_line"] = "bmdsim sweep scenarios/korea-sweep.yaml -o out/sweep.h5"
        meta.attrs["seed"] = np.uint64(42)
        meta.attrs["created_utc"] = "2025-03-11T09:00:00Z"
        meta.attrs["file_kind"] = "sweep"
        meta.attrs["run_index"] = np.int64(-1)
        sc = f.create_group("scenario")
        sc.attrs["name"] = "korea-sweep (synthetic)"
        sc.attrs["description"] = "Architecture x salvo sweep; synthetic test data."
        sc.attrs["start_utc"] = START_UTC
        sc.attrs["duration_s"] = DURATION_S
        sc.attrs["tick_s"] = 0.1
        for key in ("grid_point", "run_index", "seed_stream", "leakers", "assets_hit", "interceptors_used"):
            runs[key] = np.array(runs[key], np.int64)
        write_table(f, "runs", "One row per run", runs)
        agg["grid_point"] = np.array(agg["grid_point"], np.int64)
        agg["n_runs"] = np.array(agg["n_runs"], np.int64)
        write_table(f, "aggregate", "Per grid point statistics (95% CI)", agg)
    return {"runs": runs, "aggregate": agg}
