"""Parsing helpers for the AAR tests: data-key cells and embedded images of a report."""
import base64
import io
import re
from html.parser import HTMLParser

import h5py
import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ReportParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.keys = {}
        self.images = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-key" in a:
            self.keys[a["data-key"]] = a.get("data-value", "")
        if tag == "img":
            self.images.append(a)

    def handle_data(self, data):
        self.text.append(data)


def parse_report(path):
    p = ReportParser()
    with open(path, encoding="utf-8") as fh:
        p.feed(fh.read())
    return p


def decode_png(src):
    m = re.match(r"data:image/png;base64,(.*)$", src, re.S)
    assert m, "image is not an inline PNG data URI"
    return base64.b64decode(m.group(1), validate=True)


def check_png(data, name=""):
    """Valid, non-trivial PNG: signature, size, decodes, and not one flat colour."""
    import matplotlib.image as mpimg
    assert data[:8] == PNG_SIGNATURE, f"{name}: not a PNG"
    assert len(data) > 2000, f"{name}: suspiciously small PNG ({len(data)} bytes)"
    img = mpimg.imread(io.BytesIO(data), format="png")
    assert img.ndim == 3 and img.shape[0] >= 300 and img.shape[1] >= 600, f"{name}: image too small {img.shape}"
    assert float(np.var(img[..., :3])) > 1e-3, f"{name}: image is (nearly) one flat colour"
    return img


def h5_table(f, path):
    g = f[path]
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in g.attrs["columns"]]
    out = {}
    for n in names:
        ds = g[n]
        if h5py.check_string_dtype(ds.dtype) is not None:
            out[n] = [v.decode() if isinstance(v, bytes) else v for v in ds[...]]
        else:
            out[n] = ds[...]
    return out


def attr(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.generic):
        return v.item()
    return v
