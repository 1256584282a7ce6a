"""Command line: aar report | sweep | czml.

Exit codes: 0 success; 2 bad input (missing file, not HDF5, not a bmdsim file, unsupported
schema version, corrupt/truncated file, wrong file kind) with a one-line message; 1 an
unexpected internal error, with a short message (set AAR_DEBUG=1 for the traceback).
"""
import argparse
import os
import sys

from .h5read import AarInputError, open_checked


def _parser():
    p = argparse.ArgumentParser(prog="aar", description="After-action review tools for bmdsim HDF5 files.")
    sub = p.add_subparsers(dest="command", required=True, metavar="{report,sweep,czml}")
    r = sub.add_parser("report", help="HTML report of one run: DIR/report.html, DIR/*.png, DIR/summary.json")
    r.add_argument("run", metavar="RUN.h5")
    r.add_argument("-o", "--out", required=True, metavar="DIR")
    s = sub.add_parser("sweep", help="HTML analysis of a Monte Carlo sweep file")
    s.add_argument("sweep", metavar="SWEEP.h5")
    s.add_argument("-o", "--out", required=True, metavar="DIR")
    c = sub.add_parser("czml", help="Cesium CZML replay of one run")
    c.add_argument("run", metavar="RUN.h5")
    c.add_argument("-o", "--out", required=True, metavar="replay.czml")
    return p


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        # Check the input before importing matplotlib/pandas-heavy modules: bad input fails fast.
        f, _ = open_checked(args.sweep if args.command == "sweep" else args.run,
                            expected_kind="sweep" if args.command == "sweep" else "run")
        f.close()
        if args.command == "report":
            from .report import build_report
            out = build_report(args.run, args.out)
            print(f"aar: wrote {out}")
        elif args.command == "sweep":
            from .sweep import build_sweep_report
            out = build_sweep_report(args.sweep, args.out)
            print(f"aar: wrote {out}")
        else:
            from .czml import write_czml
            n = write_czml(args.run, args.out)
            print(f"aar: wrote {args.out} ({n} packets)")
        return 0
    except AarInputError as exc:
        print(f"aar: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # output side: cannot create DIR or write a file
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"aar: error: cannot write output{where} ({exc.strerror or exc})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("aar: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last-resort handler with a short message
        if os.environ.get("AAR_DEBUG"):
            raise
        print(f"aar: internal error: {type(exc).__name__}: {exc} (set AAR_DEBUG=1 for a traceback)",
              file=sys.stderr)
        return 1
