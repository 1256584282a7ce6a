"""Fixtures for the AAR tool tests: synthetic run/sweep files (tests/aar/synth.py), and
optionally a real engine output named by the environment variable BMD_RUN_H5."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
AAR = os.path.join(REPO, "tools", "aar", "aar")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tools", "aar"))

import synth  # noqa: E402


def run_aar(*args, cwd=None):
    """Runs the CLI as a user would (the executable script, its #!/usr/bin/python3)."""
    return subprocess.run([AAR, *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("synth")


@pytest.fixture(scope="session")
def full_run(synth_dir):
    path = synth_dir / "run_full.h5"
    return path, synth.write_run(path, full=True)


@pytest.fixture(scope="session")
def minimal_run(synth_dir):
    path = synth_dir / "run_min.h5"
    return path, synth.write_run(path, full=False)


@pytest.fixture(scope="session")
def sweep_file(synth_dir):
    path = synth_dir / "sweep.h5"
    return path, synth.write_sweep(path)


def _run_files():
    files = ["full", "minimal"]
    real = os.environ.get("BMD_RUN_H5")
    if real:
        files.append("real")
    return files


@pytest.fixture(scope="session", params=_run_files())
def any_run(request):
    """(kind, path) for the synthetic runs and, when BMD_RUN_H5 is set, the real one."""
    if request.param == "real":
        path = os.environ["BMD_RUN_H5"]
        if not os.path.isfile(path):
            pytest.fail(f"BMD_RUN_H5={path} does not name a file")
        return "real", path
    path, _ = request.getfixturevalue("full_run" if request.param == "full" else "minimal_run")
    return request.param, str(path)


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    """Cache: run file -> (output dir, CompletedProcess), so each report is built once."""
    cache = {}

    def get(path):
        key = str(path)
        if key not in cache:
            out = tmp_path_factory.mktemp("report")
            cache[key] = (out, run_aar("report", path, "-o", out))
        return cache[key]

    return get
