#!/usr/bin/python3
"""Synthetic tracking workload for `bmdsim track` (docs/track.md), seeded and reproducible.

N targets on flat-Earth ballistic arcs (gravity -9.80665 m/s^2 along z) seen by a sensor at
the origin of a local frame (x east, y north, z up, metres):

  r(t) = r0 + v0 t + 0.5 a t^2,  v(t) = v0 + a t,  a = (0, 0, -9.80665)

Each target: speed 1-3 km/s (uniform), heading uniform, flight-path angle -15..30 deg, height
100-300 km at the first scan; its arc is redrawn until, at every scan, its slant range from
the origin is within 100-1,000 km and its height above 5 km. Scans every --dt seconds; each
target is detected with probability --pd, with Gaussian noise --sigma metres per axis; each
scan adds --clutter false detections uniform in the box spanned by all target positions.
Rows: truth first, then detections in random order (ids on detections are truth ids, -1 for
clutter: the tracker ignores them, scoring uses them).

Usage: /usr/bin/python3 tools/gen_tracking_workload.py -o workload.csv [--targets 100]
       [--scans 100] [--dt 1] [--pd 0.9] [--sigma 50] [--clutter 5] [--seed 1]
"""
import argparse
import sys

import numpy as np

G = 9.80665  # m/s^2, standard gravity


def draw_target(rng, times, min_range, max_range):
    """Initial position and velocity of one arc satisfying the range and height limits."""
    for _ in range(10000):
        rho = rng.uniform(min_range, max_range)
        az = rng.uniform(0.0, 2.0 * np.pi)
        h = rng.uniform(100e3, 300e3)
        speed = rng.uniform(1000.0, 3000.0)
        heading = rng.uniform(0.0, 2.0 * np.pi)
        gamma = np.radians(rng.uniform(-15.0, 30.0))
        r0 = np.array([rho * np.sin(az), rho * np.cos(az), h])
        v0 = speed * np.array([np.cos(gamma) * np.sin(heading), np.cos(gamma) * np.cos(heading),
                               np.sin(gamma)])
        r, _ = states(r0, v0, times)
        slant = np.linalg.norm(r, axis=1)
        if slant.min() >= min_range and slant.max() <= max_range and r[:, 2].min() > 5e3:
            return r0, v0
    raise RuntimeError("could not draw an arc inside the range limits")


def states(r0, v0, times):
    a = np.array([0.0, 0.0, -G])
    t = times[:, None]
    return r0 + v0 * t + 0.5 * a * t * t, v0 + a * t


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-o", "--output", required=True, help="CSV file to write ('-' for stdout)")
    p.add_argument("--targets", type=int, default=100)
    p.add_argument("--scans", type=int, default=100)
    p.add_argument("--dt", type=float, default=1.0, help="scan interval, s")
    p.add_argument("--pd", type=float, default=0.9, help="detection probability")
    p.add_argument("--sigma", type=float, default=50.0, help="noise per axis, m")
    p.add_argument("--clutter", type=int, default=5, help="false detections per scan")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--min-range", type=float, default=100e3, help="m")
    p.add_argument("--max-range", type=float, default=1000e3, help="m")
    args = p.parse_args(argv)
    if args.targets < 0 or args.scans < 1 or not 0.0 <= args.pd <= 1.0 or args.sigma <= 0.0 \
            or args.clutter < 0 or args.dt <= 0.0:
        p.error("need targets >= 0, scans >= 1, 0 <= pd <= 1, sigma > 0, clutter >= 0, dt > 0")

    rng = np.random.default_rng(args.seed)
    times = np.arange(args.scans) * args.dt
    pos = np.empty((args.targets, args.scans, 3))
    vel = np.empty((args.targets, args.scans, 3))
    for i in range(args.targets):
        r0, v0 = draw_target(rng, times, args.min_range, args.max_range)
        pos[i], vel[i] = states(r0, v0, times)
    if args.targets > 0:
        lo = pos.reshape(-1, 3).min(axis=0)
        hi = pos.reshape(-1, 3).max(axis=0)
    else:
        lo, hi = np.array([-args.max_range, -args.max_range, 0.0]), np.array(
            [args.max_range, args.max_range, 300e3])

    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="ascii")
    with out:
        out.write("scan,time_s,kind,id,x_m,y_m,z_m,vx,vy,vz\n")
        for k, t in enumerate(times):
            for i in range(args.targets):
                r, v = pos[i, k], vel[i, k]
                out.write(f"{k},{t:.6f},truth,{i},{r[0]:.3f},{r[1]:.3f},{r[2]:.3f},"
                          f"{v[0]:.4f},{v[1]:.4f},{v[2]:.4f}\n")
            rows = []
            for i in range(args.targets):
                if rng.random() < args.pd:
                    z = pos[i, k] + rng.normal(0.0, args.sigma, 3)
                    rows.append((i, z))
            for _ in range(args.clutter):
                rows.append((-1, rng.uniform(lo, hi)))
            for j in rng.permutation(len(rows)):
                i, z = rows[j]
                out.write(f"{k},{t:.6f},meas,{i},{z[0]:.3f},{z[1]:.3f},{z[2]:.3f},,,\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
