#!/usr/bin/python3
"""Print the tables of a bmdsim HDF5 file as Markdown (path, description, columns with
type, units and description), for docs/hdf5-schema.md. Usage: schema_tables.py FILE.h5"""
import sys

import h5py


def decode(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def dtype_name(ds):
    k = ds.dtype
    if h5py.check_string_dtype(k):
        return "string"
    if k.kind == "b" or (h5py.check_enum_dtype(k) is not None):
        return "bool"
    return str(k)


def main(path):
    out = []

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and decode(obj.attrs.get("kind", "")) == "table":
            out.append(f"### /{name}\n\n{decode(obj.attrs.get('description', ''))}\n")
            out.append("| column | type | units | description |\n|---|---|---|---|")
            for c in obj.attrs["columns"]:
                c = decode(c)
                ds = obj[c]
                out.append(f"| {c} | {dtype_name(ds)} | {decode(ds.attrs.get('units', ''))} | "
                           f"{decode(ds.attrs.get('description', ''))} |")
            out.append("")
        elif isinstance(obj, h5py.Dataset) and obj.ndim > 1:
            out.append(f"### /{name}\n\n{obj.ndim}-D array {list(obj.shape)}, units "
                       f"`{decode(obj.attrs.get('units', ''))}`: {decode(obj.attrs.get('description', ''))}\n")

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
