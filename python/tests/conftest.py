"""Shared fixtures: the CLI (the referee the Python results are compared with) and the repository's paths.

ctest sets IK_CLI (the incidentkit executable) and PYTHONPATH (<build>/python). Run by hand, the CLI defaults to
the one beside the imported package: <build>/python/incidentkit/__init__.py -> <build>/incidentkit.
"""

import json
import os
import pathlib
import subprocess

import pytest

import incidentkit

ROOT = pathlib.Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "testdata"


def cli_path() -> pathlib.Path:
    if "IK_CLI" in os.environ:
        return pathlib.Path(os.environ["IK_CLI"])
    return pathlib.Path(incidentkit.__file__).resolve().parents[2] / "incidentkit"


class Cli:
    """Runs the incidentkit executable; stdout as text, exit code checked."""

    def __init__(self, exe: pathlib.Path) -> None:
        self.exe = exe

    def run(self, *args, expect: int = 0) -> subprocess.CompletedProcess:
        p = subprocess.run([str(self.exe), *map(str, args)], capture_output=True, text=True)
        assert p.returncode == expect, f"{args}: exit {p.returncode}\n{p.stderr}"
        return p

    def stdout(self, *args, expect: int = 0) -> str:
        return self.run(*args, expect=expect).stdout

    def json_lines(self, *args) -> list:
        return [json.loads(line) for line in self.stdout("convert", "--compact", *args).splitlines()]


@pytest.fixture(scope="session")
def cli() -> Cli:
    exe = cli_path()
    assert exe.is_file(), f"no incidentkit executable at {exe}: set IK_CLI"
    return Cli(exe)
