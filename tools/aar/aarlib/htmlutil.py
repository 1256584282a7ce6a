"""Small helpers shared by the HTML pages: escaping, number formatting, tables, images, JSON."""
import base64
import html
import io
import json
import math
import os

import numpy as np
import pandas as pd

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f23; }
main { max-width: 1220px; margin: 0 auto; padding: 12px 20px 40px; background: #fff; }
h1 { font-size: 26px; margin: 10px 0 4px; }
h2 { font-size: 20px; border-bottom: 2px solid #c9ced6; padding-bottom: 3px; margin-top: 30px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.note, p.absent { color: #555; font-size: 14px; }
p.absent { font-style: italic; background: #f6f6f6; padding: 6px 10px; border-left: 4px solid #bbb; }
table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0 12px; }
th, td { border: 1px solid #d5d9e0; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
div.scroll { overflow-x: auto; max-width: 100%; }
div.scroll td { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.kv th { width: 240px; }
img.plot { max-width: 100%; height: auto; display: block; margin: 8px 0 4px; border: 1px solid #e1e4e8; }
nav { font-size: 14px; margin: 6px 0 10px; }
nav a { margin-right: 12px; }
details summary { cursor: pointer; color: #1f4e9c; margin: 4px 0; }
.bad { color: #b00020; font-weight: bold; }
.good { color: #1b7a34; font-weight: bold; }
"""


def esc(v):
    return html.escape(str(v), quote=True)


def is_missing(v):
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def plain(v):
    """numpy/pandas scalars -> JSON-safe Python (NaN/inf -> None)."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [plain(x) for x in v]
    if v is pd.NA or v is pd.NaT:
        return None
    return v


def fmt(v, unit=""):
    """Human formatting: ints plain, floats with sensible precision, missing as an en dash."""
    v = plain(v)
    if v is None:
        return "\u2013"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if unit in ("deg",):
            return f"{v:.4f}"
        a = abs(v)
        if a == 0 or 0.01 <= a < 1e7:
            s = f"{v:,.3f}" if a < 10 else f"{v:,.1f}"
            return s
        return f"{v:.4g}"
    return str(v)


def cell(v, key=None, unit=""):
    """<td> with a machine-readable data-key/data-value when key is given."""
    v = plain(v)
    numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
    attrs = ' class="num"' if numeric else ""
    if key is not None:
        dv = "" if v is None else (repr(v) if isinstance(v, float) else str(v))
        attrs += f' data-key="{esc(key)}" data-value="{esc(dv)}"'
    return f"<td{attrs}>{esc(fmt(v, unit))}</td>"


def df_table(df, key_prefix=None, key_col=None, columns=None, headers=None, bool_cols=()):
    """DataFrame -> HTML table. Headers show units from df.attrs['units']. With key_prefix and
    key_col, every cell carries data-key="<prefix>.<row key>.<column>"."""
    cols = list(columns) if columns is not None else list(df.columns)
    units = df.attrs.get("units", {}) if hasattr(df, "attrs") else {}
    out = ['<div class="scroll"><table>', "<tr>"]
    for c in cols:
        label = headers.get(c, c) if headers else c
        u = units.get(c, "")
        out.append(f"<th>{esc(label)}{' (' + esc(u) + ')' if u and u != '1' else ''}</th>")
    out.append("</tr>")
    for _, row in df.iterrows():
        out.append("<tr>")
        rk = plain(row[key_col]) if key_col is not None else None
        for c in cols:
            v = row[c] if c in row else None
            if c in bool_cols and not is_missing(plain(v)):
                v = bool(v)
            key = f"{key_prefix}.{rk}.{c}" if key_prefix is not None and key_col is not None else None
            out.append(cell(v, key, units.get(c, "")))
        out.append("</tr>")
    out.append("</table></div>")
    return "".join(out)


def kv_table(rows, key_prefix=None):
    """rows: list of (label, value, key or None, unit)."""
    out = ['<table class="kv">']
    for label, value, key, unit in rows:
        k = f"{key_prefix}.{key}" if key_prefix and key else key
        out.append(f"<tr><th>{esc(label)}</th>{cell(value, k, unit)}</tr>")
    out.append("</table>")
    return "".join(out)


class Images:
    """Saves figures as DIR/<name>.png and returns <img> tags with base64 data URIs."""

    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.files = []

    def add(self, fig, name, alt):
        import matplotlib.pyplot as plt
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        data = buf.getvalue()
        path = os.path.join(self.out_dir, f"{name}.png")
        with open(path, "wb") as fh:
            fh.write(data)
        self.files.append(os.path.basename(path))
        b64 = base64.b64encode(data).decode("ascii")
        return f'<img class="plot" alt="{esc(alt)}" data-name="{esc(name)}" src="data:image/png;base64,{b64}">'


def page(title, body_parts, nav=()):
    links = "".join(f'<a href="#{esc(a)}">{esc(t)}</a>' for a, t in nav)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{esc(title)}</title>"
            f"<style>{CSS}</style></head><body><main>"
            + (f"<nav>{links}</nav>" if links else "") + "".join(body_parts) + "</main></body></html>\n")


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(plain(obj), fh, indent=2, allow_nan=False)
        fh.write("\n")


def records(df, columns=None):
    if df is None:
        return None
    cols = columns if columns is not None else list(df.columns)
    cols = [c for c in cols if c in df.columns]
    return [{c: plain(r[c]) for c in cols} for _, r in df.iterrows()]
