"""`aar czml RUN.h5 -o replay.czml`: Cesium CZML replay of one run.

Packets (a JSON array):
  document                   version 1.0, clock over [start_utc, start_utc + duration_s]
  object/<object_id>         one per truth object: position in the FIXED (ECEF) frame as
                             cartesian [t, x, y, z, ...] with t in seconds after the epoch
                             (= scenario start), exactly the /truth samples; availability
                             from first to last sample; point + trailing path
  sensor/<id>                one per sensor site (cartographicDegrees), with a label
  asset/<id>                 one per defended asset: ground ellipse of the asset radius
  intercept/<n>              one per 'intercept' event: a point shown from the event time

Colour scheme (RGBA):
  threat objects (kind rv)       red        [230, 25, 25, 255]
  boosters                       dark red   [150, 20, 20, 255]
  interceptors, sensors, assets  per owning nation: US blue [40, 90, 220], ROK green
                                 [30, 160, 70], NATO purple [140, 70, 190], JPN amber
                                 [230, 150, 20], other nations teal/brown/grey/olive in turn
  defended-asset ellipse         nation colour at alpha 70, outline opaque
  intercept points               gold [255, 215, 0, 255] with a black outline
"""
import json
from datetime import datetime, timedelta, timezone

import numpy as np

from . import h5read
from .h5read import AarInputError

THREAT_RGBA = [230, 25, 25, 255]
BOOSTER_RGBA = [150, 20, 20, 255]
INTERCEPT_RGBA = [255, 215, 0, 255]
NATION_RGB = {"US": [40, 90, 220], "ROK": [30, 160, 70], "NATO": [140, 70, 190], "JPN": [230, 150, 20]}
OTHER_RGB = [[20, 150, 160], [160, 82, 45], [110, 120, 130], [170, 150, 30]]


class Palette:
    def __init__(self):
        self.extra = {}

    def nation(self, nation, alpha=255):
        if nation in NATION_RGB:
            rgb = NATION_RGB[nation]
        else:
            if nation not in self.extra:
                self.extra[nation] = OTHER_RGB[len(self.extra) % len(OTHER_RGB)]
            rgb = self.extra[nation]
        return list(rgb) + [alpha]


def parse_utc(text):
    if not text:
        raise AarInputError("/scenario has no start_utc attribute; cannot place the replay in time")
    s = str(text).strip().replace("z", "Z")
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(s)
    except ValueError as exc:
        raise AarInputError(f"/scenario start_utc is not ISO 8601: {text!r}") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def iso(dt):
    s = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        s += f".{dt.microsecond:06d}".rstrip("0")
    return s + "Z"


def _finite(*vals):
    return all(np.isfinite(float(v)) for v in vals)


def build_czml(run):
    start = parse_utc(run.scenario.get("start_utc"))
    duration = float(run.scenario.get("duration_s") or 0.0)
    if run.truth is not None and len(run.truth):
        duration = max(duration, float(np.nanmax(run.truth["t_s"].to_numpy(dtype=float))))
    end = start + timedelta(seconds=duration)
    at = lambda t: iso(start + timedelta(seconds=float(t)))  # noqa: E731
    interval = f"{iso(start)}/{iso(end)}"
    pal = Palette()
    packets = [{
        "id": "document", "name": run.scenario.get("name", "bmdsim run"), "version": "1.0",
        "clock": {"interval": interval, "currentTime": iso(start), "multiplier": 10,
                  "range": "LOOP_STOP", "step": "SYSTEM_CLOCK_MULTIPLIER"},
    }]
    objects = {}
    if run.objects is not None:
        for _, o in run.objects.iterrows():
            objects[int(o["object_id"])] = o
    if run.truth is not None and len(run.truth):
        truth = run.truth.sort_values(["object_id", "t_s"], kind="mergesort")
        for oid, g in truth.groupby("object_id", sort=True):
            oid = int(oid)
            g = g[np.isfinite(g[["t_s", "x_m", "y_m", "z_m"]].to_numpy(dtype=float)).all(axis=1)]
            if g.empty:
                continue
            o = objects.get(oid)
            kind = str(o["kind"]) if o is not None else ""
            name = str(o["name"]) if o is not None else f"object {oid}"
            if kind == "rv" or (o is not None and int(o["threat_index"]) >= 0 and kind != "booster"):
                rgba = THREAT_RGBA
            elif kind == "booster":
                rgba = BOOSTER_RGBA
            else:
                rgba = pal.nation(str(o["nation"]) if o is not None else "")
            flat = g[["t_s", "x_m", "y_m", "z_m"]].to_numpy(dtype=float).ravel().tolist()
            t0, t1 = float(g["t_s"].iloc[0]), float(g["t_s"].iloc[-1])
            packets.append({
                "id": f"object/{oid}", "name": name,
                "description": f"{kind or 'object'} {name} (object_id {oid}"
                               + (f", nation {o['nation']}" if o is not None else "") + ")",
                "availability": f"{at(t0)}/{at(t1)}",
                "position": {"epoch": iso(start), "referenceFrame": "FIXED", "cartesian": flat,
                             "interpolationAlgorithm": "LAGRANGE", "interpolationDegree": 3 if len(g) > 3 else 1},
                "point": {"color": {"rgba": rgba}, "pixelSize": 9 if kind != "booster" else 6,
                          "outlineColor": {"rgba": [0, 0, 0, 255]}, "outlineWidth": 1},
                "path": {"material": {"solidColor": {"color": {"rgba": rgba}}}, "width": 2 if kind != "booster" else 1,
                         "leadTime": 0, "trailTime": max(t1 - t0, 1.0), "resolution": 1},
                "label": {"text": name, "font": "12pt sans-serif", "pixelOffset": {"cartesian2": [10, -10]},
                          "fillColor": {"rgba": rgba}, "show": kind != "booster"},
            })
    if run.sensors is not None:
        for _, s in run.sensors.iterrows():
            if not _finite(s["lat_deg"], s["lon_deg"], s["alt_m"]):
                continue
            rgba = pal.nation(str(s["nation"]))
            packets.append({
                "id": f"sensor/{s['id']}", "name": str(s["id"]),
                "description": f"{s['type']} sensor of {s['nation']}, max range {float(s['max_range_m']) / 1e3:.0f} km",
                "availability": interval,
                "position": {"cartographicDegrees": [float(s["lon_deg"]), float(s["lat_deg"]), float(s["alt_m"])]},
                "point": {"color": {"rgba": rgba}, "pixelSize": 12, "outlineColor": {"rgba": [255, 255, 255, 255]},
                          "outlineWidth": 2},
                "label": {"text": str(s["id"]), "font": "11pt sans-serif", "fillColor": {"rgba": rgba},
                          "pixelOffset": {"cartesian2": [12, 0]}},
            })
    if run.assets is not None:
        for _, a in run.assets.iterrows():
            if not _finite(a["lat_deg"], a["lon_deg"], a["alt_m"], a["radius_m"]):
                continue
            rgb = pal.nation(str(a.get("owner", "")))
            packets.append({
                "id": f"asset/{a['id']}", "name": str(a["id"]),
                "description": f"defended asset of {a.get('owner', '')}, radius {float(a['radius_m']):.0f} m",
                "availability": interval,
                "position": {"cartographicDegrees": [float(a["lon_deg"]), float(a["lat_deg"]), float(a["alt_m"])]},
                "ellipse": {"semiMajorAxis": float(a["radius_m"]), "semiMinorAxis": float(a["radius_m"]),
                            "material": {"solidColor": {"color": {"rgba": rgb[:3] + [70]}}},
                            "outline": True, "outlineColor": {"rgba": rgb[:3] + [255]}, "height": 0},
                "label": {"text": str(a["id"]), "font": "11pt sans-serif", "fillColor": {"rgba": rgb[:3] + [255]}},
            })
    if run.events is not None and len(run.events):
        ev = run.events[run.events["kind"] == "intercept"]
        names = run.object_names()
        for n, (_, e) in enumerate(ev.iterrows()):
            if not _finite(e["t_s"], e["lat_deg"], e["lon_deg"], e["alt_m"]):
                continue
            target = names.get(int(e["object_id"]), str(int(e["object_id"])))
            packets.append({
                "id": f"intercept/{n}", "name": f"intercept of {target}",
                "description": f"intercept at t = {float(e['t_s']):.2f} s: {e.get('detail', '')}",
                "availability": f"{at(e['t_s'])}/{iso(end)}",
                "position": {"cartographicDegrees": [float(e["lon_deg"]), float(e["lat_deg"]), float(e["alt_m"])]},
                "point": {"color": {"rgba": INTERCEPT_RGBA}, "pixelSize": 16,
                          "outlineColor": {"rgba": [0, 0, 0, 255]}, "outlineWidth": 2},
            })
    return packets


def write_czml(path, out_path):
    run = h5read.load_run(path)
    packets = build_czml(run)
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(packets, fh, allow_nan=False, separators=(",", ":"))
        fh.write("\n")
    return len(packets)
