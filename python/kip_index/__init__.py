"""kip_index: the exact scorer of Indonesia's public-information-openness evaluations
(Monev KIP, IKIP), for analysts.

Score a batch as ``kip score`` scores it, and read the results where you work::

    import kip_index
    r = kip_index.score("instrument.json", ["banten-kabkota.jsonl", "banten-opd.json"],
                        stage_scores="stage-scores.json", roster="roster.json")
    r.results[0]["final"]            # Decimal('96.33'): exact, as published
    import polars as pl; pl.DataFrame(r)     # the Arrow table, no copy by hand
    import duckdb; duckdb.sql("select category, avg(final) from r group by 1")

Every input is a path (``str`` or ``pathlib.Path``), the file's text (a ``str`` that
names no file and holds a line break or starts with ``{`` or ``[``), its ``bytes`` (a
workbook too), an open file, a ``dict`` (one record built in Python: a submission, an
instrument), or ``named(name, data)`` to give a text the name its problems carry; a
role that takes several files takes a list of them. ``lang`` is ``"id"`` (the default)
or ``"en"``. A :class:`Results` cannot be pickled: send ``r.json()`` or ``r.to_arrow()``
to another process. Nothing is scored in Python: the
package is the kip-index library itself (the same code as ``kip`` and the web page).
"""

from __future__ import annotations

import json as _json
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, List, Optional, Tuple, Union

from . import _native

__all__ = [
    "KipError",
    "Questionnaire",
    "Results",
    "Sensitivity",
    "named",
    "Named",
    "Progress",
    "progress",
    "score",
    "sensitivity",
    "validate",
    "__version__",
]

__version__: str = _native.VERSION


class KipError(ValueError):
    """Problems that stop a run: an instrument that cannot be scored, or a problem in a
    verification, stage-score or roster file (they would change scores unseen).

    ``problems`` lists them, each a dict with ``file``, ``record`` (a JSON Lines or CSV
    record's line), ``path`` (where in the record), ``line``, ``column``, ``kind`` and
    ``message`` (in the language asked for; Indonesian by default). The exception's text
    is one problem a line, each with its place.
    """

    def __init__(self, problems: List[dict], lang: str = "id"):
        self.problems = problems
        lines = "\n".join(_problem_line(p, lang) for p in problems)
        super().__init__(lines or "kip: problems")


def _problem_line(p: dict, lang: str) -> str:
    """A problem's line as ``kip validate`` prints it: ``file:record:path: message``, or
    the line and column after the message when it is no record's."""
    place = [str(part) for part in (p.get("file"), p.get("record")) if part is not None]
    where = ":".join(place)
    if p.get("path"):
        where = f"{where}:{p['path']}" if where else p["path"]
    at = ""
    if p.get("record") is None and p.get("line") is not None:
        words = ("line", "column") if lang == "en" else ("baris", "kolom")
        at = f" ({words[0]} {p['line']}, {words[1]} {p.get('column')})"
    message = p.get("message", "")
    return f"{where}: {message}{at}" if where else f"{message}{at}"


@dataclass(frozen=True)
class Named:
    """A file's text or bytes with the name its problems and rejections carry; the
    name's extension (``.jsonl``, ``.csv``, ``.xlsx``) gives its framing, a name without
    one lets the text tell. Make one with :func:`named`."""

    name: str
    data: Union[str, bytes]


def named(name: str, data: Union[str, bytes, bytearray, memoryview]) -> Named:
    """A text or bytes under a name: ``named("kabkota.jsonl", text)``."""
    if not isinstance(name, str):
        raise TypeError(f"named(): expected a str name, found {type(name).__name__}")
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, (str, bytes)):
        raise TypeError(f"named(): expected str or bytes data, found {type(data).__name__}")
    return Named(str(name), data)


Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Named, Any]
Sources = Union[Source, Iterable[Source], None]


def _is_one(value: Any) -> bool:
    one = (str, bytes, bytearray, memoryview, os.PathLike, Named, dict)
    return isinstance(value, one) or hasattr(value, "read")


def _looks_like_text(value: str) -> bool:
    head = value.lstrip("\ufeff \t\r\n")
    return "\n" in value or "\r" in value or head.startswith(("{", "["))


def _existing_file(value: str) -> Optional[str]:
    """The file a one-line str names, if there is one (a trailing line break, as from a
    list of paths, ignored): `[final] kabkota.jsonl` is a path when it exists."""
    candidate = value.rstrip("\r\n")
    if not candidate or len(candidate) > 4096 or any(c in candidate for c in "\n\r\x00"):
        return None
    try:
        return candidate if os.path.isfile(candidate) else None
    except (OSError, ValueError):
        return None


def _say(lang: str, indonesian: str, english: str) -> str:
    return english if lang == "en" else indonesian


def _check_lang(lang: Any) -> str:
    if lang not in ("id", "en"):
        raise ValueError(
            f"lang: expected 'id' (Bahasa Indonesia) or 'en' (English), found {lang!r}"
        )
    return lang


def _read_path(path: Union[str, "os.PathLike[str]"], lang: str) -> Tuple[str, bytes]:
    name = os.fspath(path)
    english = lang == "en"
    # A device (/dev/zero, a disk) is no input: it never ends, or is not text. A FIFO
    # is read, within the file-size limit.
    mode = os.stat(name).st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        message = ("expected a file, found a device" if english
                   else "seharusnya berkas, ternyata perangkat (device)")
        raise KipError([_problem(name, message)], lang)
    limit = _native.MAX_FILE_BYTES
    with open(name, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        message = (f"expected a file of at most {limit} bytes, found more" if english
                   else f"seharusnya berkas paling besar {limit} byte, ternyata lebih")
        raise KipError([_problem(name, message)], lang)
    return name, data


def _problem(file: str, message: str) -> dict:
    return {"file": file, "record": None, "path": "", "line": None, "column": None,
            "kind": "invalid_value", "message": message}


def _one(value: Any, role: str, default_name: str, lang: str) -> Tuple[str, bytes]:
    if isinstance(value, Named):
        data = value.data.encode("utf-8") if isinstance(value.data, str) else value.data
        return value.name, data
    if isinstance(value, (bytes, bytearray, memoryview)):
        return default_name, bytes(value)
    if isinstance(value, dict):
        # A record built in Python (a submission, an instrument): its JSON text.
        return f"{default_name}.json", _dict_json(value).encode("utf-8")
    if isinstance(value, str):
        # A path when it names a file; else a text when it looks like one; else a path
        # (and Python's FileNotFoundError says none is there).
        path = _existing_file(value)
        if path is not None:
            return _read_path(path, lang)
        if _looks_like_text(value):
            return default_name, value.encode("utf-8")
        return _read_path(value, lang)
    if isinstance(value, os.PathLike):
        return _read_path(value, lang)
    if hasattr(value, "read"):
        # A file opened as text: its bytes as they are (its encoding is the library's
        # to judge, a row at a time), not the user's decoder's first error.
        raw = getattr(value, "buffer", None)
        data = raw.read() if raw is not None and hasattr(raw, "read") else value.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = getattr(value, "name", None)
        return (os.fspath(name) if isinstance(name, (str, os.PathLike)) else default_name), bytes(data)
    raise TypeError(
        _say(
            lang,
            f"{role}: seharusnya path, teks, bytes, berkas terbuka, dict atau named(nama, isi), "
            f"ternyata {type(value).__name__}",
            f"{role}: expected a path, a text, bytes, an open file, a dict or "
            f"named(name, data), found {type(value).__name__}",
        )
    )


# An exact decimal goes into the JSON by its own digits (`87.50`), never through a float:
# written first as a marked string, then unquoted.
_DECIMAL = "\x00kip-decimal\x00"
_DECIMAL_JSON = re.compile(r'"\\u0000kip-decimal\\u0000(-?[0-9]+(?:\.[0-9]+)?)"')


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal) and value.is_finite():
        return f"{_DECIMAL}{format(value, 'f')}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dict_json(value: dict) -> str:
    text = _json.dumps(value, ensure_ascii=False, default=_json_default)
    return _DECIMAL_JSON.sub(r"\1", text)


def _many(value: Sources, role: str, lang: str) -> List[Tuple[str, bytes]]:
    if value is None:
        return []
    if _is_one(value):
        return [_one(value, role, role, lang)]
    try:
        items = list(value)
    except TypeError:
        raise TypeError(
            _say(
                lang,
                f"{role}: seharusnya path, teks, bytes, berkas terbuka, dict, named(nama, isi) "
                f"atau daftarnya, ternyata {type(value).__name__}",
                f"{role}: expected a path, a text, bytes, an open file, a dict, "
                f"named(name, data) or a list of them, found {type(value).__name__}",
            )
        ) from None
    names = [role] if len(items) == 1 else [f"{role}-{k + 1}" for k in range(len(items))]
    return [_one(v, role, name, lang) for v, name in zip(items, names)]


def _files(instrument, submissions, verification, stage_scores, roster, lang):
    return (
        _one(instrument, "instrument", "instrument", lang),
        _many(submissions, "submissions", lang),
        _many(verification, "verification", lang),
        _many(stage_scores, "stage-scores", lang),
        _many(roster, "roster", lang),
    )


def _some_submissions(files: tuple, function: str, lang: str) -> None:
    # As `kip score` requires one: a batch of none is a mistake, not an empty result.
    if not files[1]:
        raise ValueError(_say(
            lang,
            f"{function}: seharusnya paling sedikit satu berkas pengajuan, ternyata tidak ada",
            f"{function}: expected at least one submission file, found none",
        ))


def _raise(error: Exception, lang: str) -> None:
    problems = _json.loads(error.args[0]) if error.args else []
    raise KipError(problems, lang) from None


def _loads(text: str) -> Any:
    # Scores are exact decimals in the JSON (`96.33`): read as Decimal, never float.
    return _json.loads(text, parse_float=Decimal)


class _Table:
    """A native result with its JSON text and its Arrow table: what ``Results`` and
    ``Sensitivity`` share."""

    def __init__(self, native: Any):
        self._native = native
        self._document: Optional[dict] = None

    def json(self) -> str:
        """The JSON text, as the ``kip`` command prints it."""
        return self._native.json()

    def _doc(self) -> dict:
        if self._document is None:
            self._document = _loads(self._native.json())
        return self._document

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The table as an Arrow C stream (the Arrow PyCapsule interface)."""
        return self._native.__arrow_c_stream__(requested_schema)

    def to_arrow(self) -> Any:
        """The table as a ``pyarrow.Table`` (needs pyarrow)."""
        import pyarrow

        return pyarrow.RecordBatchReader.from_stream(self).read_all()

    def to_pandas(self) -> Any:
        """The table as a pandas ``DataFrame`` (needs pandas and pyarrow); scores are
        ``decimal.Decimal``."""
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        """The table as a polars ``DataFrame`` (needs polars)."""
        import polars

        return polars.DataFrame(self)

    def __len__(self) -> int:
        return len(self._native)


class Results(_Table):
    """A scored batch, as ``kip score`` gives it.

    - ``json()``: the results JSON, byte for byte what ``kip score --format json`` prints;
    - ``results``, ``rejected``, ``not_assessed``, ``summary``, ``warnings``,
      ``instrument``: its parts as Python values (scores as ``Decimal``);
    - the Arrow table of the scored bodies, one row each: ``to_arrow()`` (pyarrow),
      ``to_pandas()``, ``to_polars()``, or the object itself wherever Arrow is read
      (``pyarrow.table(r)``, ``polars.DataFrame(r)``, ``duckdb.sql("select * from r")``)
      through ``__arrow_c_stream__``. Its columns: ``agency_id``, ``agency_name``,
      ``category``, ``category_name``, ``region`` (text), ``final`` (an exact decimal at
      the instrument's digits), ``qualification``, ``qualification_name``,
      ``rank_overall``, ``rank_category``, ``rank_region``, then ``stage_<id>`` and
      ``indicator_<id>``; null where the JSON has null.

    A rejected submission is listed in ``rejected`` with every reason, the rest still
    scored: nothing is raised for it (``kip score`` exits 1).
    """

    def json(self) -> str:
        """The results JSON, as ``kip score --format json`` prints it."""
        return self._native.json()

    @property
    def results(self) -> List[dict]:
        """Each scored body, in rank order: agency, final, qualification, rank, stages,
        indicators, self-assessed score, diagnostics."""
        return self._doc()["results"]

    @property
    def rejected(self) -> List[dict]:
        """Every rejected submission, with its source (file and record) and reasons."""
        return self._doc()["rejected"]

    @property
    def not_assessed(self) -> List[dict]:
        """The roster's bodies with no valid submission (*Tidak Dinilai*)."""
        return self._doc()["not_assessed"]

    @property
    def summary(self) -> dict:
        """Counts and statistics per category and per region: due, scored, rejected,
        not assessed, mean, median, min, max, and each qualification's count."""
        return self._doc()["summary"]

    @property
    def warnings(self) -> List[dict]:
        """What deserves a look but did not stop the run (a stage without scores…)."""
        return self._doc()["warnings"]

    @property
    def instrument(self) -> str:
        """The id of the instrument the batch was scored with (``monev-kip-2025``)."""
        return self._doc()["instrument"]

    def __repr__(self) -> str:
        scored, rejected, not_assessed = self._native.counts()
        return f"<kip_index.Results: {scored} scored, {rejected} rejected, {not_assessed} not assessed>"


class Sensitivity(_Table):
    """How sure each rank is, as ``kip sensitivity`` gives it: ``json()``, ``bodies``,
    ``mean_rank_shift``, ``weight_influence``, and the Arrow table (one row a body:
    ``agency_id``, ``agency_name``, ``category``, ``final``, ``rank``, ``rank_low``,
    ``rank_median``, ``rank_high``, ``rank_mean``, the same five for ``category_rank``,
    then ``share_<qualification>`` in percent) through ``__arrow_c_stream__``,
    ``to_arrow()``, ``to_pandas()``, ``to_polars()``. ``results`` is the scored batch.
    """

    def __init__(self, native: Any, results: Results):
        super().__init__(native)
        self.results = results

    def json(self) -> str:
        """The analysis as JSON, as ``kip sensitivity --format json`` prints it."""
        return self._native.json()

    @property
    def bodies(self) -> List[dict]:
        """Each body: its final, rank, sampled rank intervals and qualification shares."""
        return self._doc()["bodies"]

    @property
    def mean_rank_shift(self) -> Decimal:
        """The mean over samples of the bodies' mean absolute rank shift."""
        return self._doc()["mean_rank_shift"]

    @property
    def weight_influence(self) -> dict:
        """Each top-level indicator's correlation with the rank shift."""
        return self._doc()["weight_influence"]

    def __repr__(self) -> str:
        return f"<kip_index.Sensitivity: {len(self)} bodies>"


def validate(
    instrument: Source,
    submissions: Sources = None,
    verification: Sources = None,
    stage_scores: Sources = None,
    roster: Sources = None,
    *,
    lang: str = "id",
) -> List[dict]:
    """Every problem in an instrument and, against it, in submissions and the other
    inputs, as ``kip validate`` finds them: a list of dicts (``file``, ``record``,
    ``path``, ``line``, ``column``, ``kind``, ``message``), empty when all is well.

    instrument
        The instrument (questionnaire definition) JSON file.
    submissions
        Submission files.
    verification
        A verification file (JSON array or JSON Lines).
    stage_scores
        A stage-score file (JSON array, JSON Lines, or CSV ``agency,stage,score`` with one
        row per judge).
    roster
        The roster of bodies due to submit (JSON array, JSON Lines, or CSV or .xlsx
        ``id,name,category,region``, optionally ``superior,contact``).
    lang
        The language of the messages: Indonesian (``"id"``, the default) or English
        (``"en"``).
    """
    _check_lang(lang)
    files = _files(instrument, submissions, verification, stage_scores, roster, lang)
    return _json.loads(_native.validate(files, lang))


def score(
    instrument: Source,
    submissions: Sources = None,
    verification: Sources = None,
    stage_scores: Sources = None,
    roster: Sources = None,
    *,
    without_stage_scores: bool = False,
    strict: bool = False,
    deadline: Optional[str] = None,
    lang: str = "id",
) -> Results:
    """Scores and ranks a batch of bodies, as ``kip score`` does: each body's final
    score, qualification, ranks (overall, category, region), stage and indicator scores,
    self-assessed score and diagnostics; the roster's bodies with no valid submission
    (not assessed, *Tidak Dinilai*); every rejected submission with its reasons; and
    summaries per category and per region. Returns :class:`Results`.

    Submissions may be JSON objects, arrays, JSON Lines, or spreadsheets with one row per
    body (``.csv``, ``.xlsx``); several submissions of one agency from different raters
    are combined. A submission that cannot be scored is listed under ``rejected`` with
    every reason, and the rest are still scored. Problems in a verification, stage-score
    or roster file raise :class:`KipError` (``kip score`` exits 2): they would change
    scores unseen.

    instrument
        The instrument (questionnaire definition) JSON file.
    submissions
        Submission files.
    verification
        A verification file (JSON array or JSON Lines).
    stage_scores
        A stage-score file (JSON array, JSON Lines, or CSV ``agency,stage,score`` with one
        row per judge).
    roster
        The roster of bodies due to submit (JSON array, JSON Lines, or CSV or .xlsx
        ``id,name,category,region``, optionally ``superior,contact``).
    without_stage_scores
        State that the run is meant without stage scores (the questionnaire alone):
        stages other than the questionnaire still count as the instrument says (0, or the
        others reweighted), but no warning says their scores are missing.
    strict
        Treat a missing answer as an error (the body is rejected) instead of a 0.
    deadline
        The deadline, replacing the instrument's (an extension the commission
        announced): RFC 3339 with its offset, such as ``2025-10-07T23:59:59+07:00`` (WIB).
        A submission whose ``submitted_at`` is later is not scored but listed as not
        assessed, late.
    lang
        The language of the messages and warnings: Indonesian (``"id"``, the default) or
        English (``"en"``).

    Each input is a path, a text, bytes, an open file or ``named(name, data)``; a list
    for several. Scoring runs with the GIL released.
    """
    _check_lang(lang)
    files = _files(instrument, submissions, verification, stage_scores, roster, lang)
    _some_submissions(files, "score", lang)
    try:
        native = _native.score(
            files, bool(without_stage_scores), bool(strict), lang,
            None if deadline is None else str(deadline),
        )
    except _native.Problems as error:
        _raise(error, lang)
    return Results(native)


class Progress:
    """Where the Monev stands, as ``kip progress`` gives it: every roster body's one
    state (``not_received``, ``draft``, ``complete``, ``rejected``, ``late``) and the
    counts.

    - ``json()``: byte for byte what ``kip progress --format json`` prints;
    - ``bodies``: each body due (``id``, ``name``, ``category``, ``region``,
      ``superior``, ``contact``, ``state``, ``answered``, ``applicable``,
      ``unanswered``, ``evidence_missing``, ``reasons``, ``lacks``, ``sources``);
    - ``total``, ``by_category``, ``by_region``, ``by_superior``: ``{due,
      not_received, draft, complete, rejected, late}``;
    - ``not_on_roster``, ``unplaced``, ``warnings``;
    - ``to_csv(locale)``: one row per body (``"id"`` for Excel set to Indonesian);
      ``to_pandas()``: the bodies as a ``DataFrame`` (needs pandas).
    """

    def __init__(self, native: Any):
        self._native = native
        self._document = _json.loads(native.json())

    def json(self) -> str:
        """The JSON text, as ``kip progress --format json`` prints it."""
        return self._native.json()

    def to_csv(self, locale: str = "intl") -> str:
        """One row per body due, as ``kip progress --format csv`` writes it; ``"id"``
        for Excel set to Indonesian (``;`` between cells)."""
        return self._native.csv(locale)

    def to_pandas(self) -> Any:
        """The bodies due as a pandas ``DataFrame``, one row each (needs pandas)."""
        import pandas

        return pandas.DataFrame(self.bodies)

    @property
    def bodies(self) -> List[dict]:
        """Each body due, in the roster's id order."""
        return self._document["bodies"]

    @property
    def total(self) -> dict:
        """The counts over every body due."""
        return self._document["total"]

    @property
    def by_category(self) -> dict:
        """The counts per category id."""
        return self._document["by_category"]

    @property
    def by_region(self) -> dict:
        """The counts per region code."""
        return self._document["by_region"]

    @property
    def by_superior(self) -> dict:
        """The counts per superior (the roster's ``superior``)."""
        return self._document["by_superior"]

    @property
    def not_on_roster(self) -> List[dict]:
        """Bodies that sent something though the roster does not list them."""
        return self._document["not_on_roster"]

    @property
    def unplaced(self) -> List[dict]:
        """Records that name no body, each with its place and why."""
        return self._document["unplaced"]

    @property
    def warnings(self) -> List[str]:
        """What the run noticed, in the language asked for."""
        return self._document["warnings"]

    def __repr__(self) -> str:
        t = self.total
        return (
            f"<kip_index.Progress: {t['due']} due, {t['complete']} complete, "
            f"{t['draft']} draft, {t['rejected']} rejected, {t['late']} late, "
            f"{t['not_received']} not received>"
        )


def progress(
    instrument: Source,
    submissions: Sources = None,
    roster: Sources = None,
    *,
    deadline: Optional[str] = None,
    lang: str = "id",
) -> Progress:
    """Who has sent what while the Monev is open, as ``kip progress`` reads it: every
    roster body's state — ``not_received``, ``draft`` (some question asked of it
    unanswered, or an answer without its required evidence), ``complete``,
    ``rejected`` (a value that cannot be read: the reasons) or ``late`` — with its
    answered and applicable questions and what it lacks; the counts per category,
    region and superior. An unanswered question only makes a draft. Returns
    :class:`Progress`.

    instrument
        The instrument (questionnaire definition) JSON file.
    submissions
        The submission files received so far (none: every body is not received).
    roster
        The bodies due (JSON array, JSON Lines, CSV or .xlsx
        ``id,name,category,region,superior,contact``). Without one, the bodies are those
        that sent something.
    deadline
        The deadline, replacing the instrument's (RFC 3339 with its offset).
    lang
        The language of the messages and of ``lacks``: ``"id"`` (the default) or
        ``"en"``.
    """
    _check_lang(lang)
    files = _files(instrument, submissions, None, None, roster, lang)
    try:
        native = _native.progress(files, lang, None if deadline is None else str(deadline))
    except _native.Problems as error:
        _raise(error, lang)
    return Progress(native)


def sensitivity(
    instrument: Source,
    submissions: Sources = None,
    verification: Sources = None,
    stage_scores: Sources = None,
    roster: Sources = None,
    *,
    samples: int = 1000,
    seed: int = 1,
    weight_spread: Union[str, Decimal, float] = "0.25",
    stage_spread: Union[str, Decimal, float] = "0",
    judge_noise: bool = False,
    without_stage_scores: bool = False,
    strict: bool = False,
    lang: str = "id",
    max_memory: int = 4 << 30,
) -> Sensitivity:
    """How sure each rank is, as ``kip sensitivity`` finds it: re-scores the batch with
    its top-level indicator weights (and stage weights) perturbed, many times, and
    reports each body's rank interval (5th–95th percentile), median and mean rank,
    overall and in its category, the share of samples in each qualification, the mean
    rank shift, and which weight moves ranks most. The same seed gives the same output on
    any number of cores. Returns :class:`Sensitivity`.

    The inputs are those of :func:`score`, and:

    samples
        Samples to draw.
    seed
        The seed of the samples.
    weight_spread
        Each top-level indicator weight is multiplied by a factor uniform in 1 ± this
        (``"0.25"``: ±25%), then the weights are scaled back to 100.
    stage_spread
        The same for the stage weights (usually fixed by regulation: 0).
    judge_noise
        Also resample each stage score given by several judges from its judges' scores
        (a bootstrap), in every sample.
    max_memory
        The most memory the samples may take, in bytes (4 GiB by default). A run that
        would need more raises ``MemoryError`` before any sample is drawn.
    """
    _check_lang(lang)
    counts = {
        "samples": (samples, 1), "seed": (seed, 0), "max_memory": (max_memory, 1),
    }
    for name, (value, least) in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < least or value >= 1 << 64:
            raise ValueError(_say(
                lang,
                f"{name}: seharusnya bilangan bulat dari {least} sampai 2^64 - 1, ternyata {value!r}",
                f"{name}: expected a whole number from {least} to 2^64 - 1, found {value!r}",
            ))
    files = _files(instrument, submissions, verification, stage_scores, roster, lang)
    _some_submissions(files, "sensitivity", lang)
    try:
        native_results, native = _native.sensitivity(
            files, bool(without_stage_scores), bool(strict), lang, samples, seed,
            str(weight_spread), str(stage_spread), bool(judge_noise), max_memory,
        )
    except _native.Problems as error:
        _raise(error, lang)
    return Sensitivity(native, Results(native_results))


class Questionnaire:
    """An instrument planned once, for one body's answers (its SAQ) as they change:
    ``evaluate(answers)`` gives the questions asked, every problem, the scorecard and
    the outlook; ``fixes(answers)`` what to fix first. ``answers`` is a submission: its
    JSON text, or a dict. Raises :class:`KipError` when the instrument cannot be scored.
    """

    def __init__(self, instrument: Source, *, lang: str = "id"):
        self.lang = _check_lang(lang)
        try:
            self._native = _native.NativeQuestionnaire(_one(instrument, "instrument", "instrument", lang), lang)
        except _native.Problems as error:
            _raise(error, lang)

    @property
    def instrument(self) -> dict:
        """The instrument as read, every default written out."""
        return _loads(self._native.instrument_json())

    @staticmethod
    def _bytes(answers: Union[str, bytes, dict]) -> bytes:
        # Bytes as they are: the library says what is wrong with bytes that are not text.
        if isinstance(answers, dict):
            return _dict_json(answers).encode("utf-8")
        if isinstance(answers, (bytes, bytearray, memoryview)):
            return bytes(answers)
        if isinstance(answers, str):
            return answers.encode("utf-8")
        raise TypeError(f"answers: expected a JSON text, bytes or a dict, found {type(answers).__name__}")

    def evaluate(self, answers: Union[str, bytes, dict]) -> dict:
        """One submission's answers as they stand: ``open`` (the questions asked, in
        order; ``None`` while the answers cannot be read), ``problems`` (each with its
        place and message), and when there is none ``scorecard`` (as in the results) and
        ``outlook`` (the final with the later stages between 0 and 100)."""
        return _loads(self._native.evaluate(self._bytes(answers), self.lang))

    def fixes(self, answers: Union[str, bytes, dict]) -> List[dict]:
        """What to fix first: each step's ``question``, its ``text``, ``with_evidence``,
        the ``gain``, the ``final`` and ``qualification`` it reaches, and the ``advice``
        in words. Raises :class:`KipError` when the answers cannot be scored."""
        try:
            return _loads(self._native.fixes(self._bytes(answers), self.lang))
        except _native.Problems as error:
            _raise(error, self.lang)
            raise  # unreachable: _raise always raises
