"""kip_index as an analyst uses it: the bundled Banten batch against its published
finals and the CLI's JSON, the Arrow table in pyarrow, polars, pandas and DuckDB, a
generated 10,000-body batch and its Parquet file, problems with their places."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import kip_index
from conftest import BANTEN_CLI_SIDE, BANTEN_SIDE, BANTEN_SUBMISSIONS, BASE, ROOT, run

INSTRUMENT = "examples/monev-2025/instrument.json"

# The published finals of the bundled batch (docs/scoring.md: the commission's decree).
PUBLISHED = {
    "3671": Decimal("96.33"),  # Kota Tangerang
    "3674": Decimal("95.90"),  # Kota Tangerang Selatan
    "3673": Decimal("94.77"),  # Kota Serang
    "3601": Decimal("89.18"),  # Kabupaten Pandeglang
}


def banten(**options):
    return kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS, **BANTEN_SIDE, **options)


def test_the_bundled_batch_gives_its_published_finals(at_root):
    r = banten()
    finals = {b["agency"]["id"]: b["final"] for b in r.results}
    for agency, final in PUBLISHED.items():
        assert finals[agency] == final, agency
        # Exact decimals, never floats.
        assert isinstance(finals[agency], Decimal)
    assert len(r) == 20
    assert r.rejected == []
    # The roster's one body that sent nothing.
    assert [b["id"] for b in r.not_assessed] == ["36-disnakertrans"]
    counts = r.summary["categories"]
    assert sum(c["scored"] for c in counts.values()) == 20
    assert "kip_index.Results: 20 scored, 0 rejected, 1 not assessed" in repr(r)


def test_json_is_byte_for_byte_the_clis(at_root, kip):
    cli = run(kip, "score", INSTRUMENT, *BANTEN_SUBMISSIONS, *BANTEN_CLI_SIDE, "--format", "json")
    assert cli.returncode == 0, cli.stderr.decode()
    assert banten().json() == cli.stdout.decode()
    # Without stage scores, and in English: still the CLI's bytes.
    cli = run(kip, "score", INSTRUMENT, BANTEN_SUBMISSIONS[0], "--without-stage-scores", "--lang", "en")
    python = kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS[0], without_stage_scores=True, lang="en")
    assert python.json() == cli.stdout.decode()


def test_the_arrow_table_is_read_by_pyarrow_polars_pandas_and_duckdb(at_root):
    import duckdb
    import polars as pl
    import pyarrow as pa

    r = banten()
    table = pa.table(r)
    assert table.column_names[:11] == [
        "agency_id", "agency_name", "category", "category_name", "region", "final",
        "qualification", "qualification_name", "rank_overall", "rank_category", "rank_region",
    ]
    assert "stage_saq" in table.column_names and "indicator_jenis_informasi" in table.column_names
    assert table.schema.field("final").type == pa.decimal128(5, 2)
    assert table.schema.field("region").type == pa.string()  # `36` stays text
    assert r.to_arrow().equals(table)
    finals = dict(zip(table["agency_id"].to_pylist(), table["final"].to_pylist()))
    for agency, final in PUBLISHED.items():
        assert finals[agency] == final
    frame = pl.DataFrame(r)
    assert frame.columns == table.column_names
    assert frame.filter(pl.col("agency_id") == "3671")["final"][0] == Decimal("96.33")
    assert r.to_polars().equals(frame)
    pandas = r.to_pandas()
    assert pandas.loc[pandas.agency_id == "3674", "final"].iloc[0] == Decimal("95.90")
    top = duckdb.sql("select agency_id, final from r where rank_overall = 1").fetchall()
    assert top == [("3671", Decimal("96.33"))]
    # A body that was not visited has no visitasi in the JSON: null in the table.
    json_stages = {b["agency"]["id"]: b["stages"].get("visitasi") for b in r.results}
    for agency, visit in zip(table["agency_id"].to_pylist(), table["stage_visitasi"].to_pylist()):
        assert visit == json_stages[agency]


def test_a_generated_10000_body_batch_agrees_in_json_arrow_polars_duckdb_and_parquet(tmp_path, kip, generate):
    import duckdb
    import polars as pl
    import pyarrow.parquet as pq

    out = tmp_path / "batch"
    made = run(generate, "--bodies", "10000", "--questions", "40", "--seed", "11", "--out", out)
    assert made.returncode == 0, made.stderr.decode()
    inputs = dict(
        verification=out / "verification.json",
        stage_scores=out / "stage-scores.json",
        roster=out / "roster.csv",
    )
    r = kip_index.score(out / "instrument.json", out / "submissions.jsonl", **inputs)
    from_json = {b["agency"]["id"]: b["final"] for b in r.results}
    assert len(from_json) == len(r) > 9000
    frame = pl.DataFrame(r)
    assert dict(zip(frame["agency_id"].to_list(), frame["final"].to_list())) == from_json
    rows = duckdb.sql("select agency_id, final from r").fetchall()
    assert dict(rows) == from_json
    # The CLI's Parquet file of the same batch: the same finals in DuckDB and pyarrow.
    parquet = tmp_path / "results.parquet"
    cli = run(
        kip, "score", out / "instrument.json", out / "submissions.jsonl",
        "--verification", inputs["verification"], "--stage-scores", inputs["stage_scores"],
        "--roster", inputs["roster"], "-o", parquet,
    )
    assert cli.returncode in (0, 1), cli.stderr.decode()
    read = pq.read_table(parquet)
    assert dict(zip(read["agency_id"].to_pylist(), read["final"].to_pylist())) == from_json
    assert read.schema.equals(r.to_arrow().schema, check_metadata=False)
    rows = duckdb.sql(f"select agency_id, final from read_parquet('{parquet}')").fetchall()
    assert dict(rows) == from_json


def test_inputs_as_texts_bytes_paths_open_files_and_named(at_root):
    texts = [Path(p).read_text(encoding="utf-8") for p in BANTEN_SUBMISSIONS]
    instrument = Path(INSTRUMENT).read_bytes()
    side = {"verification": Path(BANTEN_SIDE["verification"])}
    reference = kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS, without_stage_scores=True, **side)
    reference = {b["agency"]["id"]: b["final"] for b in reference.results}
    with open(BANTEN_SUBMISSIONS[1], "rb") as opd:
        for given in (
            [texts[0], texts[1]],  # texts: framing told from the text
            [texts[0].encode(), io.BytesIO(texts[1].encode())],
            [kip_index.named("kabkota.jsonl", texts[0]), opd],
        ):
            r = kip_index.score(instrument, given, without_stage_scores=True, **side)
            assert {b["agency"]["id"]: b["final"] for b in r.results} == reference
    # A text's rejections carry the name it was given.
    broken = texts[0] + "{not json\n"
    r = kip_index.score(instrument, kip_index.named("kabkota.jsonl", broken), without_stage_scores=True)
    assert [rejected["source"] for rejected in r.rejected] == ["kabkota.jsonl:9"]
    # A path that does not exist is Python's own error.
    with pytest.raises(FileNotFoundError):
        kip_index.score(INSTRUMENT, "no/such/file.jsonl")


def test_problems_raise_kiperror_with_their_places(at_root, tmp_path):
    stages = tmp_path / "nilai.csv"
    stages.write_text("agency,stage,score\r\n3601,visitasi,90\r\n3602,wawancara,80\r\n", encoding="utf-8")
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS, stage_scores=stages)
    error = caught.value
    assert isinstance(error, ValueError)
    [problem] = error.problems
    assert problem["file"] == str(stages)
    assert problem["record"] == 3  # the third line, CRLF or not
    assert problem["kind"] == "unknown_reference"
    assert "wawancara" in problem["message"] and problem["message"].startswith("seharusnya")
    assert str(stages) in str(error)
    # validate: the same problem among every other, in English when asked.
    problems = kip_index.validate(INSTRUMENT, BANTEN_SUBMISSIONS, stage_scores=stages, lang="en")
    assert [(p["file"], p["record"], p["kind"]) for p in problems] == [(str(stages), 3, "unknown_reference")]
    assert problems[0]["message"].startswith("expected")
    # An instrument that cannot be planned: its own problems, with line and column.
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.score(kip_index.named("instrumen.json", '{\n  "id": 7\n}'), BANTEN_SUBMISSIONS)
    first = caught.value.problems[0]
    assert first["file"] == "instrumen.json" and first["line"] == 2
    assert kip_index.validate(INSTRUMENT, BANTEN_SUBMISSIONS, **BANTEN_SIDE) == []


def test_a_rejected_submission_is_listed_not_raised(at_root):
    kabkota = Path(BANTEN_SUBMISSIONS[0]).read_text(encoding="utf-8").splitlines()
    kabkota[2] = kabkota[2].replace('"answers"', '"jawaban"', 1)
    r = kip_index.score(INSTRUMENT, kip_index.named("kabkota.jsonl", "\n".join(kabkota) + "\n"), without_stage_scores=True)
    assert len(r) == 7 and len(r.rejected) == 1
    [rejected] = r.rejected
    assert (rejected["source"], rejected["agency"]) == ("kabkota.jsonl:3", "3603")
    assert [e["path"] for e in rejected["errors"]] == ["/jawaban", "/answers"]


def test_help_says_what_the_clis_help_says(kip):
    cli = run(kip, "score", "--help").stdout.decode()
    flat = lambda text: " ".join(text.split())
    doc = flat(kip_index.score.__doc__)
    for sentence in (
        "Treat a missing answer as an error (the body is rejected) instead of a 0",
        "The roster of bodies due to submit (JSON array, JSON Lines, or CSV",
        "state that the run is meant without stage scores (the questionnaire alone)",
        "several submissions of one agency from different raters are combined",
        "A submission whose `submitted_at` is later is not scored but listed as not assessed",
    ):
        assert sentence.lower() in flat(cli).lower(), sentence
        assert sentence.lower() in doc.lower().replace("``", "`"), sentence


def test_a_late_questionnaire_is_not_assessed_and_an_extension_takes_it_in(at_root):
    # Kota Cilegon sent at 08:00 WITA on 1 October, 07:00 WIB: after 30 September.
    lines = []
    for line in (ROOT / BASE / "submissions" / "banten-kabkota.jsonl").read_text().splitlines():
        body = json.loads(line)
        if body["agency"]["id"] == "3672":
            body["submitted_at"] = "2025-10-01T08:00:00+08:00"
        lines.append(json.dumps(body))
    sent = kip_index.named("saq.jsonl", "\n".join(lines) + "\n")
    r = kip_index.score(INSTRUMENT, sent, deadline="2025-09-30T23:59:59+07:00",
                        without_stage_scores=True)
    assert [(b["id"], b["reason"], b["submitted_at"], b["source"]) for b in r.not_assessed] == [
        ("3672", "late", "2025-10-01T08:00:00+08:00", "saq.jsonl:6")]
    assert r.summary["categories"]["pemkot"]["late"] == 1
    assert any(w["kind"] == "submissions_without_time" for w in r.warnings)
    extended = kip_index.score(INSTRUMENT, sent, deadline="2025-10-01T07:00:00+07:00",
                               without_stage_scores=True)
    assert "3672" in [b["agency"]["id"] for b in extended.results], "07:00 WIB is the moment sent"
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.score(INSTRUMENT, sent, deadline="30/09/2025")
    assert caught.value.problems[0]["file"] == "deadline"
    assert "seharusnya waktu RFC 3339" in str(caught.value)


def test_a_device_is_refused_in_indonesian_and_a_problem_line_says_its_place(at_root):
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.score(INSTRUMENT, "/dev/zero")
    assert "perangkat" in str(caught.value) and caught.value.problems[0]["file"] == "/dev/zero"
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.score(kip_index.named("instrumen.json", '{\n  "id": 7\n}'), BANTEN_SUBMISSIONS)
    assert str(caught.value).splitlines()[0].startswith("instrumen.json:")
    assert "(baris 2, kolom" in str(caught.value)


def test_the_example_runs_and_shows_the_top_bodies_and_the_counts():
    import subprocess
    import sys

    example = ROOT / "python" / "examples" / "analyse_banten.py"
    shown = subprocess.run([sys.executable, str(example)], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "Pemerintah Kota Tangerang" in shown.stdout and "96.33" in shown.stdout
    assert "tidak dinilai: 36-disnakertrans" in shown.stdout
    assert "qualification_name" in shown.stdout


def test_submissions_built_in_python_as_dicts_score_as_their_json(at_root):
    import json

    lines = Path(BANTEN_SUBMISSIONS[0]).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line, parse_float=Decimal) for line in lines]
    from_dicts = kip_index.score(INSTRUMENT, records, without_stage_scores=True)
    from_file = kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS[0], without_stage_scores=True)
    assert [(b["agency"]["id"], b["final"]) for b in from_dicts.results] == [
        (b["agency"]["id"], b["final"]) for b in from_file.results
    ]
    # Each dict is its own record, named by its place among them.
    records[1]["answers"] = "semua"
    r = kip_index.score(INSTRUMENT, records, without_stage_scores=True)
    assert [x["source"] for x in r.rejected] == ["submissions-2.json"]


def test_the_arrow_table_is_built_once_and_handed_out_many_times(at_root):
    import pyarrow as pa

    r = banten()
    first, second = pa.table(r), pa.table(r)
    assert first.equals(second) and first.num_rows == 20


def test_a_str_naming_a_file_is_a_path_even_when_it_starts_like_json(tmp_path, monkeypatch):
    odd = tmp_path / "[final] kabkota.jsonl"
    odd.write_bytes((ROOT / BANTEN_SUBMISSIONS[0]).read_bytes())
    monkeypatch.chdir(tmp_path)
    r = kip_index.score(ROOT / INSTRUMENT, ["[final] kabkota.jsonl"], without_stage_scores=True)
    assert len(r) == 8 and r.rejected == []
    # A path read from a list of paths keeps its line break: still the file.
    r = kip_index.score(ROOT / INSTRUMENT, "[final] kabkota.jsonl\n", without_stage_scores=True)
    assert len(r) == 8


def test_arguments_people_get_wrong_are_refused_in_their_language(at_root):
    with pytest.raises(ValueError, match="lang"):
        kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS, lang="en-US")
    with pytest.raises(ValueError, match="lang"):
        kip_index.Questionnaire(INSTRUMENT, lang="EN")
    with pytest.raises(ValueError, match="paling sedikit satu berkas pengajuan"):
        kip_index.score(INSTRUMENT)
    with pytest.raises(ValueError, match="at least one submission"):
        kip_index.sensitivity(INSTRUMENT, [], lang="en")
    with pytest.raises(TypeError, match="seharusnya path"):
        kip_index.score(INSTRUMENT, 5)
    for samples in (2.9, True, -1, 0):
        with pytest.raises(ValueError, match="samples"):
            kip_index.sensitivity(INSTRUMENT, BANTEN_SUBMISSIONS[0], samples=samples, without_stage_scores=True)
    with pytest.raises(MemoryError, match=r"memerlukan .* lebih dari max_memory \(10 bytes\)"):
        kip_index.sensitivity(INSTRUMENT, BANTEN_SUBMISSIONS[0], max_memory=10, without_stage_scores=True)
    assert kip_index.score(INSTRUMENT, BANTEN_SUBMISSIONS[0], without_stage_scores=True).instrument == "monev-kip-2025"


def test_answers_that_are_not_utf8_are_a_problem_not_a_crash():
    q = kip_index.Questionnaire(ROOT / INSTRUMENT)
    e = q.evaluate(b"\xff{")
    assert e["open"] is None and e["scorecard"] is None
    [problem] = e["problems"]
    assert problem["file"] is None and "UTF-8" in problem["message"]
    with pytest.raises(kip_index.KipError):
        q.fixes(b"\xff")


def test_a_sheet_opened_as_text_in_the_wrong_encoding_costs_only_its_row(at_root, tmp_path):
    # Python's own decoder would stop at the first cp1252 byte: the bytes go to the
    # library, which rejects the row holding it and reads the rest.
    sheet = tmp_path / "jawaban.csv"
    header = "agency_id;agency_name;category;region"
    sheet.write_bytes(f"{header}\r\n3601;Kab. Pandeglang \x92A\x92;pemkab;36\r\n".encode("latin-1"))
    with open(sheet, encoding="utf-8") as text_mode:
        r = kip_index.score(INSTRUMENT, text_mode, without_stage_scores=True)
    [rejected] = r.rejected
    assert rejected["agency"] == "3601" and rejected["source"].endswith("jawaban.csv:2")
    with pytest.raises(TypeError):
        kip_index.named(b"x.csv", "agency_id\n")
