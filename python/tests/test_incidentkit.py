"""The Python package against the CLI: the same library, so the same model, bytes, diagnostics and version."""

import concurrent.futures
import datetime
import errno
import json
import os
import pathlib
import pickle
import re
import subprocess
import sys
import time
import warnings

import pytest

import incidentkit
from conftest import ROOT, TESTDATA

SAMPLES = sorted(TESTDATA.glob("*.md")) + [TESTDATA / "archives" / "multi-incident.md"]
FREEFORM = TESTDATA / "freeform-incident-report.md"  # dateless timeline times: a warning
MULTI = TESTDATA / "archives" / "multi-incident.md"  # several incidents in one file


# The warnings of the sample reports are checked on their own (test_warnings_are_the_clis).
pytestmark = pytest.mark.filterwarnings("ignore::incidentkit.ReadWarning")


def ordered(value):
    """The value with every dict as its list of (key, value) pairs: equality then checks key order too."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def ids(paths):
    return [p.name for p in paths]


# --- reading ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=ids(SAMPLES))
def test_read_path_equals_cli_json(cli, path):
    assert ordered(incidentkit.read(path)) == ordered(cli.json_lines(path))


def test_read_text_bytes_and_path_agree():
    from_path = incidentkit.read(FREEFORM, date="2024-05-01")
    text = FREEFORM.read_text(encoding="utf-8")
    assert incidentkit.read(text, path=str(FREEFORM), date="2024-05-01") == from_path
    assert incidentkit.read(text.encode(), path=str(FREEFORM), date="2024-05-01") == from_path
    assert incidentkit.read(bytearray(text.encode()), path=FREEFORM, date=datetime.date(2024, 5, 1)) == from_path


def test_a_one_line_str_naming_a_file_reads_it_other_text_is_text():
    assert incidentkit.read(str(MULTI)) == incidentkit.read(MULTI)  # read("testdata/x.md"), as people write it
    missing = str(MULTI) + ".missing"  # names no file: the text of a one-line report
    as_text = incidentkit.read(missing)
    assert len(as_text) == 1 and as_text[0]["title"] is None
    with_break = str(MULTI) + "\n"  # a line break makes it text even though it starts with a path
    assert incidentkit.read(with_break) != incidentkit.read(MULTI)


def test_several_incidents_in_one_file(cli):
    incidents = incidentkit.read(MULTI)
    assert len(incidents) > 1
    assert incidents == cli.json_lines(MULTI)


def test_values_are_plain_python():
    inc = incidentkit.read(TESTDATA / "frontmatter-postmortem.md")[0]
    assert type(inc) is dict and inc["schema_version"] == 1 and isinstance(inc["title"], str)
    assert isinstance(inc["tags"], list) and isinstance(inc["source"], dict)
    assert json.loads(json.dumps(inc)) == inc


@pytest.mark.parametrize(
    "kwargs, flags",
    [({"date": "2024-05-01"}, ["--date", "2024-05-01"]), ({"infer": False}, ["--no-infer"]),
     ({"explain": True}, ["--explain"])],
    ids=["date", "no-infer", "explain"],
)
def test_options_as_the_cli_flags(cli, kwargs, flags):
    assert ordered(incidentkit.read(FREEFORM, **kwargs)) == ordered(cli.json_lines(*flags, FREEFORM))


def test_explain_fills_provenance():
    plain = incidentkit.read(TESTDATA / "frontmatter-postmortem.md")[0]
    explained = incidentkit.read(TESTDATA / "frontmatter-postmortem.md", explain=True)[0]
    assert not plain["source"].get("provenance")
    provenance = explained["source"]["provenance"]
    assert provenance and all({"pointer", "rule", "line"} <= set(p) for p in provenance)
    assert any(p["pointer"] == "/title" for p in provenance)


def test_from_forces_a_reader():
    text = json.dumps(incidentkit.read(TESTDATA / "frontmatter-postmortem.md")[0])
    assert incidentkit.read(text, from_="json")[0]["title"] == incidentkit.read(text)[0]["title"]


# --- converting ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("to", ["json", "yaml", "markdown"])
@pytest.mark.parametrize("path", [TESTDATA / "frontmatter-postmortem.md", MULTI], ids=["one", "several"])
def test_convert_equals_cli_output(cli, path, to):
    assert incidentkit.convert(path, to=to) == cli.stdout("convert", "--to", to, path)


def test_convert_compact_is_json_lines(cli):
    path = TESTDATA / "frontmatter-postmortem.md"
    out = incidentkit.convert(path, compact=True)
    assert out == cli.stdout("convert", "--compact", path) and out.count("\n") == 1


def test_convert_several_yaml_is_a_stream():
    out = incidentkit.convert(MULTI, to="yaml")
    assert out.startswith("---\n") and out.count("---\n") >= len(incidentkit.read(MULTI))


# --- detection, formats, schema, version --------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=ids(SAMPLES))
def test_detect_equals_cli(cli, path):
    want = json.loads(cli.stdout("detect", "--json", path))
    del want["path"]
    assert incidentkit.detect(path) == want


def test_detect_text_and_nothing():
    assert incidentkit.detect('{"schema_version": 1}', path="x.json")["format"] == "json"
    got = incidentkit.detect(b"\x00\x01")
    assert got["format"] is None and got["confidence"] == 0.0 and isinstance(got["reason"], str)


def test_formats():
    f = incidentkit.formats()
    assert [r["name"] for r in f["readers"]] == ["frontmatter", "freeform", "json", "yaml", "sqlite"]
    assert [w["name"] for w in f["writers"]] == ["json", "yaml", "markdown"]
    assert all(r["description"] for r in f["readers"] + f["writers"])


def test_reads_a_database_the_cli_wrote(cli, tmp_path):
    db = tmp_path / "archive.db"
    cli.run("convert", "-q", "--to", "sqlite", "-o", db, *SAMPLES)
    from_db = incidentkit.read(db)
    assert len(from_db) >= len(SAMPLES)
    assert from_db == [i for p in sorted(SAMPLES, key=str) for i in incidentkit.read(p)]


def test_schema_is_the_clis(cli):
    s = incidentkit.schema()
    assert isinstance(s, dict) and "$schema" in s
    assert ordered(s) == ordered(json.loads(cli.stdout("schema")))


def test_version_is_the_clis(cli):
    assert incidentkit.__version__ == cli.stdout("--version").strip()


def test_public_api():
    assert set(incidentkit.__all__) <= set(dir(incidentkit))
    assert (pathlib.Path(incidentkit.__file__).parent / "py.typed").is_file()


# --- errors and warnings ------------------------------------------------------------------------------------


def test_bad_json_raises_read_error_with_diagnostics():
    with pytest.raises(incidentkit.ReadError) as e:
        incidentkit.read("{", from_="json")
    err = e.value
    assert err.code == "read_failed"
    d = err.diagnostics[0]
    assert (d.level, d.line, d.path) == ("error", 1, "<buffer>") and d.message.startswith("malformed JSON")
    assert str(err) == str(d) == f"<buffer>:1: error: {d.message}"


def test_error_names_the_path(cli):
    bad = TESTDATA / "bad" / "json-syntax-error.json"
    with pytest.raises(incidentkit.ReadError) as e:
        incidentkit.read(bad)
    stderr = cli.run("convert", bad, expect=1).stderr
    assert str(e.value) in stderr.splitlines()
    with pytest.raises(incidentkit.ReadError, match=r"^named\.json:\d+: error: "):
        incidentkit.read(bad.read_bytes(), path="named.json")


@pytest.mark.parametrize(
    "call, code",
    [(lambda: incidentkit.read("x", from_="pdf"), "unknown_format"),
     (lambda: incidentkit.read("  \n"), "no_reader"),
     (lambda: incidentkit.read(TESTDATA / "no-such-file.md"), "io_error"),
     (lambda: incidentkit.read(TESTDATA), "io_error"),
     (lambda: incidentkit.read(FREEFORM, max_bytes=10), "too_large"),
     (lambda: incidentkit.convert(TESTDATA / "no-such-file.md", to="yaml"), "io_error"),
     (lambda: incidentkit.detect(TESTDATA / "no-such-file.md"), "io_error"),
     (lambda: incidentkit.detect(FREEFORM, max_bytes=10), "too_large")],
    ids=["unknown-from", "blank", "missing", "directory", "too-large", "convert-missing", "detect-missing",
         "detect-too-large"],
)
def test_error_codes(call, code):
    with pytest.raises(incidentkit.ReadError) as e:
        call()
    assert e.value.code == code and e.value.diagnostics[0].level == "error"


def test_missing_file_message():
    missing = TESTDATA / "no-such-file.md"
    with pytest.raises(incidentkit.ReadError) as e:
        incidentkit.read(missing)
    assert str(e.value) == f"{missing}: error: cannot open: No such file or directory"
    assert e.value.diagnostics[0].line == 0


def test_unknown_writer_is_a_value_error():
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        incidentkit.convert("# t\n", to="pdf")


def test_unknown_reader_in_convert_is_a_read_error():
    with pytest.raises(incidentkit.ReadError, match="unknown input format 'pdf'") as e:
        incidentkit.convert("# t\n", from_="pdf")
    assert e.value.code == "unknown_format"


@pytest.mark.parametrize(
    "kwargs, error",
    [({"date": "2024-13-01"}, ValueError), ({"date": 20240501}, ValueError), ({"max_bytes": -1}, ValueError),
     ({"date": datetime.datetime(2024, 5, 1)}, ValueError), ({"timeout": -1.0}, ValueError),
     ({"timeout": float("nan")}, ValueError), ({"from_": None}, TypeError), ({"from_": ""}, ValueError)],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        incidentkit.read("# t\n", **kwargs)


def test_bad_source_type():
    with pytest.raises(TypeError, match="source must be"):
        incidentkit.read(42)
    with pytest.raises(ValueError, match="null byte"):
        incidentkit.read(pathlib.Path("report\0.md"))


def test_read_error_pickles():
    with pytest.raises(incidentkit.ReadError) as e:
        incidentkit.read("{", from_="json")
    back = pickle.loads(pickle.dumps(e.value))
    assert (str(back), back.code, back.diagnostics) == (str(e.value), e.value.code, e.value.diagnostics)


@pytest.mark.parametrize("path", SAMPLES, ids=ids(SAMPLES))
def test_warnings_are_the_clis(cli, path):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        incidentkit.read(path)
    stderr = cli.run("convert", path).stderr
    want = [line for line in stderr.splitlines() if ": warning: " in line]
    assert [str(w.message) for w in record] == want
    assert all(w.category is incidentkit.ReadWarning and w.filename == __file__ for w in record)  # the caller's line


def test_a_warning_is_issued():
    want = rf"^{re.escape(str(FREEFORM))}:\d+: warning: timeline times have no date"
    with pytest.warns(incidentkit.ReadWarning, match=want):
        incidentkit.read(FREEFORM)


def test_warnings_can_be_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", incidentkit.ReadWarning)
        with pytest.raises(incidentkit.ReadWarning):
            incidentkit.read(FREEFORM)


def test_timeout_accepted():
    assert incidentkit.read(FREEFORM, date="2024-05-01", timeout=60) == incidentkit.read(FREEFORM, date="2024-05-01")


# --- threads ------------------------------------------------------------------------------------------------


def test_thread_pool_equals_sequential():
    jobs = [p for p in SAMPLES for _ in range(8)]
    sequential = [incidentkit.convert(p, to="yaml") + json.dumps(incidentkit.read(p)) for p in jobs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda p: incidentkit.convert(p, to="yaml") + json.dumps(incidentkit.read(p)), jobs))
    assert threaded == sequential


def test_four_threads_over_400_generated_reports_equal_one_thread(tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen-corpus"), "--out", str(corpus), "--count", "400",
                    "--seed", "8"], check=True, capture_output=True)
    paths = sorted(corpus.glob("*.md"))
    assert len(paths) == 400
    one = [json.dumps(incidentkit.read(p)) for p in paths]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        four = list(pool.map(lambda p: json.dumps(incidentkit.read(p)), paths))
    assert four == one
    assert sum(len(json.loads(r)) for r in one) >= 400


def test_the_gil_is_released_while_reading(tmp_path):
    # The reader thread waits inside the library for a FIFO's writer; the writer is this thread, which can only
    # run while the read has released the GIL. Held, the read would give up after its timeout, and this thread
    # would find no reader to write to: a failure, never a hang (the writer's open does not block).
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    text = (TESTDATA / "frontmatter-postmortem.md").read_text(encoding="utf-8")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(incidentkit.read, fifo, timeout=10)
        give_up = time.monotonic() + 10
        while True:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO until the reader has it open
                break
            except OSError as e:
                assert e.errno == errno.ENXIO and time.monotonic() < give_up, "the reader never opened the FIFO"
                time.sleep(0.01)
        os.set_blocking(fd, True)
        with open(fd, "w", encoding="utf-8") as f:
            f.write(text)
        got = future.result()
    assert got == incidentkit.read(text, path=str(fifo))
