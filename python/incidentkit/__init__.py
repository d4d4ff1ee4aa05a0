"""incidentkit: read incident postmortems in any shape into one Incident model; write JSON, YAML or Markdown.

The C++ library (the same one the ``incidentkit`` command line uses) through a compiled extension::

    import pathlib, incidentkit

    incidents = incidentkit.read(pathlib.Path("report.md"))      # a list of dicts, the JSON model
    text = incidentkit.convert(pathlib.Path("report.md"), to="yaml")
    incidentkit.read("reports/2024-05-01-outage.md")            # a one-line str naming a file: that file
    incidentkit.read("# Outage\\n...", date="2024-05-01")       # any other str is the report's text

A *source* is the report itself: ``str`` (its text; a one-line str that names an existing file is that file),
``bytes`` (its bytes, in any encoding the
library detects), or an ``os.PathLike`` such as ``pathlib.Path`` (a file, read by the library with its size limit).
Failures raise :class:`ReadError`; warnings about the content go through :mod:`warnings` as :class:`ReadWarning`.
The GIL is released while a report is read and written, so threads convert in parallel.
"""

from __future__ import annotations

import dataclasses
import pathlib
import datetime
import math
import os
import re
import warnings
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

try:
    from . import _incidentkit
except ImportError as e:  # the source tree's python/incidentkit holds only the Python part
    raise ImportError(
        f"incidentkit: no compiled _incidentkit extension beside {__file__}: import the package from the build tree "
        "(PYTHONPATH=build/python) or install it (pip install ./python); see docs/library.md, 'Python'"
    ) from e

__version__: str = _incidentkit.version()

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Diagnostic",
    "ReadError",
    "ReadWarning",
    "Source",
    "__version__",
    "convert",
    "detect",
    "formats",
    "read",
    "schema",
]

#: What ``read``, ``convert`` and ``detect`` accept: text, bytes, or a file's path.
Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]", "os.PathLike[bytes]"]

#: Inputs over this many bytes are refused (``ReadError`` with code ``"too_large"``), as the CLI's --max-bytes.
DEFAULT_MAX_BYTES: int = 16 * 1024 * 1024

# The shown name of an in-memory source in diagnostics, as in the C API.
_BUFFER = "<buffer>"
_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
_MAX_TIMEOUT_S = 1e6  # the CLI's --file-timeout limit (10^9 ms)


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """A warning or error about the input, as the CLI prints it (``str(d)``: ``path:line: level: message``)."""

    level: str  #: "warning" or "error"
    line: int  #: 1-based line in the input; 0 when no line applies (an I/O error, an unknown format)
    message: str  #: one line of text
    path: str  #: the file's path, the ``path`` argument, or "<buffer>" for text and bytes

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


class ReadError(Exception):
    """A source that could not be converted.

    ``code`` names the reason (the C++ ``Errc``): ``"unknown_format"`` (``from_`` names no reader), ``"no_reader"``
    (nothing recognises the input, or it is blank), ``"read_failed"`` (malformed input), ``"io_error"`` (the file
    cannot be read), ``"too_large"`` (over ``max_bytes``), ``"timed_out"`` (past ``timeout``) or ``"internal"``.
    ``diagnostics`` holds every warning and error of the read, in input order; ``str(err)`` is the first error as
    ``path:line: error: message``.
    """

    def __init__(self, message: str, code: str = "internal", diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.code: str = code
        self.diagnostics: List[Diagnostic] = list(diagnostics)

    def __reduce__(self) -> Tuple[Any, ...]:  # picklable (process pools, Dask) with its attributes
        return (type(self), (str(self), self.code, self.diagnostics))


class ReadWarning(UserWarning):
    """A warning about a source that converted (e.g. times read as UTC): ``path:line: warning: message``."""


def _names_a_file(text: str) -> bool:
    """A one-line str that names an existing file is that file (``read("reports/x.md")``); a report's text has
    line breaks. Pass ``pathlib.Path`` to be explicit either way."""
    if not text or len(text) > 4096 or "\n" in text or "\r" in text or "\0" in text:
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):
        return False


def _source(source: Source, path: Optional[str]) -> Tuple[Optional[bytes], Optional[bytes], str]:
    """(data, file, shown): the bytes of a text/bytes source, or a path (file system encoding) to read."""
    if isinstance(source, str) and _names_a_file(source):
        return _source(pathlib.Path(source), path)
    if isinstance(source, str):
        # surrogateescape: a str decoded from arbitrary bytes with it gives back those bytes.
        data = source.encode("utf-8", "surrogateescape")
        return data, None, path if path is not None else _BUFFER
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None, path if path is not None else _BUFFER
    if isinstance(source, os.PathLike):
        fspath = os.fspath(source)
        file = os.fsencode(fspath)
        if b"\0" in file:
            raise ValueError("incidentkit: embedded null byte in the path")
        return None, file, path if path is not None else os.fsdecode(fspath)
    kind = type(source).__name__
    raise TypeError(f"incidentkit: source must be str (text), bytes or os.PathLike (a file), not {kind}")


def _options(from_: str, date: Any, path: Optional[str], max_bytes: int, timeout: Optional[float]) -> Dict[str, Any]:
    if not isinstance(from_, str):
        raise TypeError("incidentkit: from_ must be a reader name or 'auto'")
    if not from_:
        raise ValueError("incidentkit: from_ must be a reader name or 'auto', not ''")
    if date is not None:
        if isinstance(date, datetime.date) and not isinstance(date, datetime.datetime):
            date = date.isoformat()
        if not isinstance(date, str) or not _DATE.fullmatch(date):
            raise ValueError(f"incidentkit: date must be 'YYYY-MM-DD' or a datetime.date, not {date!r}")
    if path is not None and not isinstance(path, str):
        path = os.fsdecode(os.fspath(path))
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise ValueError("incidentkit: max_bytes must be a non-negative int")
    time_limit_ms = None
    if timeout is not None:
        if not (0 <= timeout <= _MAX_TIMEOUT_S):  # also refuses NaN
            raise ValueError(f"incidentkit: timeout must be between 0 and {_MAX_TIMEOUT_S:g} seconds (0 = none)")
        time_limit_ms = math.ceil(timeout * 1000)
    return {"from_": from_, "date": date, "path": path, "max_bytes": max_bytes, "time_limit_ms": time_limit_ms}


def _outcome(code: str, diagnostics: List[Tuple[str, int, str]], shown: str, stacklevel: int) -> None:
    """Raises ReadError for a failure (warnings only on the error then); else issues every warning."""
    diags = [Diagnostic(level, line, message, shown) for level, line, message in diagnostics]
    if code != "ok":
        first = next((d for d in diags if d.level == "error"), None)
        if first is None:  # the library always reports an error diagnostic with a failure; just in case
            first = Diagnostic("error", 0, code, shown)
            diags.append(first)
        raise ReadError(str(first), code, diags)
    for d in diags:
        if d.level == "warning":
            warnings.warn(str(d), ReadWarning, stacklevel=stacklevel + 1)


def read(
    source: Source,
    *,
    from_: str = "auto",
    date: Optional[Union[str, datetime.date]] = None,
    explain: bool = False,
    infer: bool = True,
    path: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: Optional[float] = None,
) -> List[Dict[str, Any]]:
    """Reads one source into its incidents: the JSON model (docs/model.md) as Python values, key order kept.

    A file may hold several incidents (JSON Lines, a YAML stream, "Incident 1"/"Incident 2" sections), so the
    result is a list, the same objects ``incidentkit convert FILE --compact`` prints, one dict per line.

    Args:
        source: the report's text (``str``; a one-line str naming an existing file reads that file), its
            bytes, or a path to read (``pathlib.Path`` or any ``os.PathLike``).
        from_: a reader name (see ``formats()``) or ``"auto"`` to detect it (``--from``).
        date: ``"YYYY-MM-DD"`` or a ``datetime.date``, anchoring dateless times (``--date``).
        explain: fill ``source.provenance``, where each field came from (``--explain``).
        infer: ``False`` leaves null what only prose or the file name states (``--no-infer``).
        path: the name shown in diagnostics and recorded in ``source.path``; a date in it counts, as in a file
            name. Default: the file's path, or ``"<buffer>"`` in diagnostics for text and bytes.
        max_bytes: refuse a larger input (``ReadError`` code ``"too_large"``).
        timeout: give up after this many seconds (``ReadError`` code ``"timed_out"``); ``None`` or 0: never.

    Raises:
        ReadError: the source could not be read (its ``code`` and ``diagnostics`` say why), including an unknown
            ``from_`` (code ``"unknown_format"``).
        TypeError, ValueError: a bad argument (a source of another type, a malformed ``date``).

    Warnings about a source that was read are issued as :class:`ReadWarning` (``path:line: warning: message``).
    """
    opts = _options(from_, date, path, max_bytes, timeout)
    data, file, shown = _source(source, opts["path"])
    code, _format, incidents, diagnostics = _incidentkit.read(data, file, explain=explain, infer=infer, **opts)
    _outcome(code, diagnostics, shown, stacklevel=2)
    return incidents


def convert(
    source: Source,
    *,
    to: str = "json",
    compact: bool = False,
    from_: str = "auto",
    date: Optional[Union[str, datetime.date]] = None,
    explain: bool = False,
    infer: bool = True,
    path: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: Optional[float] = None,
) -> str:
    """Reads one source and writes every incident with the ``to`` writer: what ``incidentkit convert`` prints.

    One incident: the writer's output (pretty JSON unless ``compact``). Several: JSON Lines for ``json`` (one
    compact object per line), a ``---`` separated stream for ``yaml``, the documents one after the other for
    ``markdown``. The other arguments are those of :func:`read`.

    Args:
        to: a writer name: ``"json"``, ``"yaml"`` or ``"markdown"`` (see ``formats()``).
        compact: one line per incident (JSON Lines) even for a single incident.

    Raises:
        ValueError: ``to`` names no writer (checked before anything is read).
        ReadError: as for :func:`read`; also a writer's failure (code ``"internal"``).
    """
    if not isinstance(to, str) or to not in _writer_names():
        raise ValueError(f"incidentkit: unknown output format {to!r} (known: {', '.join(_writer_names())})")
    opts = _options(from_, date, path, max_bytes, timeout)
    data, file, shown = _source(source, opts["path"])
    code, _format, output, diagnostics = _incidentkit.convert(
        data, file, to=to, compact=compact, explain=explain, infer=infer, **opts
    )
    _outcome(code, diagnostics, shown, stacklevel=2)
    return output


def detect(source: Source, path: Optional[str] = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Dict[str, Any]:
    """Which reader would read ``source`` and why: ``{"format": name or None, "confidence": float, "reason": str}``.

    ``path`` (default: the file's path for an ``os.PathLike`` source) is what detection may look at besides the
    text, such as a ``.json`` extension. ``format`` is ``None`` when no reader recognises the input.

    Raises:
        ReadError: a file that cannot be read (code ``"io_error"``) or is over ``max_bytes`` (``"too_large"``).
    """
    data, file, shown = _source(source, None)
    if file is not None:
        try:
            with open(file, "rb") as f:
                data = f.read(max_bytes + 1)
        except OSError as e:
            d = Diagnostic("error", 0, f"cannot open: {e.strerror or e}", shown)
            raise ReadError(str(d), "io_error", [d]) from e
    assert data is not None
    if len(data) > max_bytes:
        d = Diagnostic("error", 0, f"file is over the limit of {max_bytes} bytes (max_bytes)", shown)
        raise ReadError(str(d), "too_large", [d])
    if path is None:
        path = shown if file is not None else ""
    return _incidentkit.detect(data, os.fsdecode(os.fspath(path)))


def formats() -> Dict[str, List[Dict[str, str]]]:
    """The built-in formats.

    ``{"readers": [{"name", "description"}, ...], "writers": [{"name", "description", "extension"}, ...]}``
    """
    return _incidentkit.formats()


def schema() -> Dict[str, Any]:
    """The JSON Schema (2020-12) of the JSON output as a dict, the same as ``incidentkit schema`` prints."""
    return _incidentkit.schema()


_WRITERS: Optional[List[str]] = None


def _writer_names() -> List[str]:
    global _WRITERS
    if _WRITERS is None:
        _WRITERS = [w["name"] for w in _incidentkit.formats()["writers"]]
    return _WRITERS
