"""Scale-out with Dask (python3-distributed): two worker processes convert a generated corpus through the Python
package, and the JSON Lines, in input order, are byte for byte what one `incidentkit convert -q DIR` prints.

Skipped only when `distributed` cannot be imported; scripts/setup installs it, so CI runs it.
"""

import pathlib
import subprocess
import sys

import pytest

import incidentkit
from conftest import ROOT

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")


def test_dask_bag_over_two_processes_equals_one_cli_run(cli, tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen-corpus"), "--out", str(corpus), "--count", "200",
                    "--seed", "5"], check=True, capture_output=True)
    paths = sorted(str(p) for p in corpus.glob("*.md"))
    assert len(paths) == 200
    want = cli.stdout("convert", "-q", corpus)  # the directory, walked in sorted order: JSON Lines

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  host="127.0.0.1") as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        # The lambda travels by value (cloudpickle), the module by name: the workers import incidentkit from
        # PYTHONPATH. Warnings go to the workers' logs (`convert -q` drops them).
        bag = dask_bag.from_sequence(paths, npartitions=4).map(
            lambda p: incidentkit.convert(pathlib.Path(p), to="json", compact=True))
        lines = bag.compute()

    assert len(lines) == len(paths)
    assert "".join(lines) == want
    assert want.count("\n") >= len(paths)
