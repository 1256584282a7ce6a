"""Safe reading of bmdsim HDF5 files (schema_version 1) into pandas.

Nothing in a file is trusted before /meta has been checked: the file must exist, carry
the HDF5 signature, open cleanly, and hold a /meta group with a supported integer
schema_version. Objects are only reached through hard links (no external or soft links,
which could point outside the file), tables must be groups of equal-length 1-D columns
of plain numeric or string type, and sizes are bounded before anything is read.

Any failure to read is raised as AarInputError (the CLI maps it to exit code 2).
"""
import contextlib
import os
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd

from . import SUPPORTED_SCHEMA_VERSIONS

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
# Largest table this tool will load (rows); a crafted header could claim anything.
MAX_ROWS = 50_000_000
MAX_TEXT_BYTES = 16 * 1024 * 1024


class AarInputError(Exception):
    """A problem with the input file (missing, not HDF5, not ours, wrong version, corrupt)."""


def decode(value):
    """HDF5 attribute/cell value -> plain Python (bytes -> str, numpy scalars -> Python)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray):
        if value.shape == ():
            return decode(value[()])
        return [decode(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [decode(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def attrs_dict(obj):
    out = {}
    for key in obj.attrs.keys():
        try:
            out[key] = decode(obj.attrs[key])
        except (OSError, TypeError, ValueError) as exc:  # unreadable attribute type
            out[key] = f"<unreadable: {exc}>"
    return out


@contextlib.contextmanager
def reading(path):
    """Turns low-level read failures into AarInputError naming the file."""
    try:
        yield
    except AarInputError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError, OverflowError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AarInputError(f"{path}: corrupt or truncated file (read failed: {msg})") from exc


def _has_signature(path):
    """HDF5 signature at offset 0, 512, 1024, 2048, ... (user block sizes)."""
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        offset = 0
        while offset + len(HDF5_SIGNATURE) <= size:
            fh.seek(offset)
            if fh.read(len(HDF5_SIGNATURE)) == HDF5_SIGNATURE:
                return True
            offset = 512 if offset == 0 else offset * 2
    return False


def hard_get(parent, name):
    """Child `name` of group `parent` if it exists as a hard link, else None."""
    if not isinstance(parent, h5py.Group):
        return None
    obj = parent
    for part in [p for p in name.split("/") if p]:
        if part not in obj:
            return None
        link = obj.get(part, getlink=True)
        if not isinstance(link, h5py.HardLink):
            raise AarInputError(f"{obj.name}/{part}: is a soft or external link; refusing to follow it")
        obj = obj[part]
        if not isinstance(obj, (h5py.Group, h5py.Dataset)):
            return None
    return obj


def open_checked(path, expected_kind=None):
    """Opens `path` read-only after the checks above; returns (h5py.File, meta dict)."""
    path = str(path)
    if not os.path.exists(path):
        raise AarInputError(f"{path}: no such file")
    if not os.path.isfile(path):
        raise AarInputError(f"{path}: not a regular file")
    try:
        if not _has_signature(path):
            raise AarInputError(f"{path}: not an HDF5 file (no HDF5 signature)")
    except OSError as exc:
        raise AarInputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown error"
        raise AarInputError(f"{path}: corrupt or truncated HDF5 file (cannot open: {first})") from exc
    try:
        with reading(path):
            meta = hard_get(f, "meta")
            if not isinstance(meta, h5py.Group):
                raise AarInputError(f"{path}: not a bmdsim output file (no /meta group)")
            if "schema_version" not in meta.attrs:
                raise AarInputError(f"{path}: not a bmdsim output file (/meta has no schema_version)")
            version = decode(meta.attrs["schema_version"])
            if isinstance(version, bool) or not isinstance(version, int):
                raise AarInputError(f"{path}: /meta schema_version is not an integer ({version!r})")
            if version not in SUPPORTED_SCHEMA_VERSIONS:
                supported = ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)
                age = "older" if version < min(SUPPORTED_SCHEMA_VERSIONS) else "newer"
                raise AarInputError(f"{path}: unsupported schema_version {version} ({age} than this tool; "
                                    f"it reads {supported})")
            meta_attrs = attrs_dict(meta)
            kind = meta_attrs.get("file_kind")
            if kind is None:
                kind = "sweep" if hard_get(f, "runs") is not None else "run"
                meta_attrs["file_kind"] = kind
            if expected_kind is not None and kind != expected_kind:
                hint = "aar sweep" if kind == "sweep" else "aar report / aar czml"
                raise AarInputError(f"{path}: this is a '{kind}' file, not a '{expected_kind}' file (use {hint})")
    except BaseException:
        f.close()
        raise
    return f, meta_attrs


def _column_array(ds, table_path, name):
    if ds.ndim != 1:
        raise AarInputError(f"{table_path}/{name}: column is not 1-D (shape {ds.shape})")
    if ds.shape[0] > MAX_ROWS:
        raise AarInputError(f"{table_path}/{name}: {ds.shape[0]} rows is more than this tool loads ({MAX_ROWS})")
    dt = ds.dtype
    if h5py.check_string_dtype(dt) is not None:
        raw = ds[...]
        return np.array([decode(v) for v in raw], dtype=object)
    if dt.kind in "biuf":
        return np.asarray(ds[...])
    raise AarInputError(f"{table_path}/{name}: unsupported column type {dt}")


def read_table(f, table_path, columns=None):
    """Table at `table_path` as a DataFrame (column order from the `columns` attr), or None
    when the group is absent. `columns` restricts which columns are read (missing ones are
    skipped). DataFrame.attrs carries 'units', 'description' (per column) and 'table'."""
    grp = hard_get(f, table_path)
    if grp is None:
        return None
    if not isinstance(grp, h5py.Group):
        raise AarInputError(f"/{table_path}: expected a table group, found a dataset")
    names = decode(grp.attrs["columns"]) if "columns" in grp.attrs else list(grp.keys())
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    if columns is not None:
        names = [n for n in names if n in columns]
    data, units, descr = {}, {}, {}
    length = None
    for name in names:
        ds = hard_get(grp, name)
        if ds is None:
            raise AarInputError(f"/{table_path}: column '{name}' listed in attrs but missing")
        if not isinstance(ds, h5py.Dataset):
            raise AarInputError(f"/{table_path}/{name}: is not a dataset")
        arr = _column_array(ds, "/" + table_path, name)
        if length is None:
            length = len(arr)
        elif len(arr) != length:
            raise AarInputError(f"/{table_path}: columns of unequal length ({name} has {len(arr)}, expected {length})")
        data[name] = arr
        units[name] = decode(ds.attrs.get("units", ""))
        descr[name] = decode(ds.attrs.get("description", ""))
    df = pd.DataFrame(data)
    df.attrs["units"] = units
    df.attrs["descriptions"] = descr
    df.attrs["table"] = "/" + table_path
    df.attrs["description"] = decode(grp.attrs.get("description", ""))
    return df


def read_table_family(f, parent_path):
    """Every table directly under group `parent_path` -> {name: DataFrame}; {} if absent."""
    grp = hard_get(f, parent_path)
    if not isinstance(grp, h5py.Group):
        return {}
    out = {}
    for name in sorted(grp.keys()):
        child = hard_get(grp, name)
        if isinstance(child, h5py.Group):
            out[name] = read_table(f, f"{parent_path}/{name}")
    return out


def read_text(f, path):
    ds = hard_get(f, path)
    if not isinstance(ds, h5py.Dataset) or ds.shape != ():
        return None, None
    if h5py.check_string_dtype(ds.dtype) is None:
        return None, None
    value = decode(ds[()])
    if isinstance(value, str) and len(value) > MAX_TEXT_BYTES:
        value = value[:MAX_TEXT_BYTES]
    return value, decode(ds.attrs.get("sha256", None))


@dataclass
class RunData:
    path: str
    meta: dict
    scenario: dict = field(default_factory=dict)
    scenario_yaml: str = None
    scenario_sha256: str = None
    threats: pd.DataFrame = None
    objects: pd.DataFrame = None
    assets: pd.DataFrame = None
    nations: pd.DataFrame = None
    truth: pd.DataFrame = None
    events: pd.DataFrame = None
    outcomes_threats: pd.DataFrame = None
    outcomes_assets: pd.DataFrame = None
    summary: dict = None
    sensors: pd.DataFrame = None
    measurement_counts: pd.DataFrame = None
    tracks: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    first_detection: pd.DataFrame = None
    engagements: pd.DataFrame = None
    inventory: pd.DataFrame = None
    links: pd.DataFrame = None

    def object_names(self):
        if self.objects is None or self.objects.empty:
            return {}
        return dict(zip(self.objects["object_id"].astype(int), self.objects["name"]))


def load_run(path):
    f, meta = open_checked(path, expected_kind="run")
    with f, reading(path):
        run = RunData(path=str(path), meta=meta)
        scen = hard_get(f, "scenario")
        if isinstance(scen, h5py.Group):
            run.scenario = attrs_dict(scen)
            run.scenario_yaml, run.scenario_sha256 = read_text(f, "scenario/yaml")
        run.threats = read_table(f, "entities/threats")
        run.objects = read_table(f, "entities/objects")
        run.assets = read_table(f, "entities/assets")
        run.nations = read_table(f, "entities/nations")
        run.truth = read_table(f, "truth")
        run.events = read_table(f, "events")
        run.outcomes_threats = read_table(f, "outcomes/threats")
        run.outcomes_assets = read_table(f, "outcomes/assets")
        summ = hard_get(f, "summary")
        run.summary = attrs_dict(summ) if summ is not None else None
        run.sensors = read_table(f, "sensors")
        meas = read_table(f, "measurements", columns=("sensor_index", "truth_id", "kind"))
        if meas is not None:
            run.measurement_counts = _measurement_counts(meas)
        tracks = hard_get(f, "tracks")
        if isinstance(tracks, h5py.Group):
            run.tracks = read_table_family(f, "tracks")
        metrics = read_table_family(f, "metrics")
        run.first_detection = metrics.pop("first_detection", None)
        run.metrics = metrics
        run.engagements = read_table(f, "engagements")
        run.inventory = read_table(f, "inventory")
        run.links = read_table(f, "links/messages")
    return run


def _measurement_counts(meas):
    if meas.empty or "sensor_index" not in meas:
        return pd.DataFrame({"sensor_index": [], "measurements": [], "false_alarms": []})
    fa = (meas["truth_id"] < 0) if "truth_id" in meas else pd.Series(False, index=meas.index)
    g = pd.DataFrame({"sensor_index": meas["sensor_index"], "fa": fa.astype(int)}).groupby("sensor_index")
    out = g.size().rename("measurements").to_frame()
    out["false_alarms"] = g["fa"].sum()
    return out.reset_index()


@dataclass
class SweepData:
    path: str
    meta: dict
    scenario: dict = field(default_factory=dict)
    scenario_sha256: str = None
    runs: pd.DataFrame = None
    aggregate: pd.DataFrame = None
    summary: dict = None


def load_sweep(path):
    f, meta = open_checked(path, expected_kind="sweep")
    with f, reading(path):
        sw = SweepData(path=str(path), meta=meta)
        scen = hard_get(f, "scenario")
        if isinstance(scen, h5py.Group):
            sw.scenario = attrs_dict(scen)
            _, sw.scenario_sha256 = read_text(f, "scenario/yaml")
        sw.runs = read_table(f, "runs")
        sw.aggregate = read_table(f, "aggregate")
        summ = hard_get(f, "summary")
        sw.summary = attrs_dict(summ) if summ is not None else None
    return sw
