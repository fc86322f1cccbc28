"""One body's questionnaire (the SAQ as it is filled), how sure the ranks are, and
scoring that lets other Python threads run."""

import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

import kip_index
from conftest import BANTEN_SUBMISSIONS, ROOT, run

INSTRUMENT = ROOT / "examples" / "monev-2025" / "instrument.json"
KABKOTA = ROOT / BANTEN_SUBMISSIONS[0]


def tangerang() -> str:
    """Kota Tangerang's submission: one line of the bundled JSON Lines file."""
    [line] = [l for l in KABKOTA.read_text(encoding="utf-8").splitlines() if '"id":"3671"' in l.replace(" ", "")]
    return line


def test_evaluate_gives_the_saq_and_the_outlook_worked_out_in_the_docs():
    q = kip_index.Questionnaire(INSTRUMENT)
    e = q.evaluate(tangerang())
    assert e["problems"] == []
    assert e["open"] and "JI01" in e["open"]
    # docs/scoring.md: SAQ 97.91; the final 0.8 × 97.91 = 78.33 with a visitasi of 0,
    # 78.33 + 20 = 98.33 with 100.
    assert e["scorecard"]["stages"]["saq"] == Decimal("97.91")
    assert e["outlook"]["lowest"]["final"] == Decimal("78.33")
    assert e["outlook"]["highest"]["final"] == Decimal("98.33")
    assert e["outlook"]["highest"]["qualification"] == "informatif"
    # The visitasi's gate (an SAQ of 85), stated and reached by 97.91; the card says
    # the gate passed.
    [gate] = e["gates"]
    assert gate["stage"] == "visitasi" and gate["reached"] is True
    assert gate["rule"] == "Self Assessment Questionnaire ≥ 85"
    assert e["scorecard"]["gates"] == {"visitasi": True}


def test_evaluate_names_what_cannot_be_read_and_takes_a_dict():
    q = kip_index.Questionnaire(INSTRUMENT, lang="en")
    broken = q.evaluate('{\n  "agency": ')
    assert broken["open"] is None and broken["scorecard"] is None
    [problem] = broken["problems"]
    assert (problem["line"], problem["kind"]) == (2, "syntax")
    assert problem["message"].startswith("invalid JSON")
    import json

    as_dict = json.loads(tangerang())
    assert q.evaluate(as_dict)["scorecard"]["final"] == Decimal("78.33")


def test_fixes_come_in_order_with_their_advice_in_the_language_asked_for():
    fixes = kip_index.Questionnaire(INSTRUMENT).fixes(tangerang())
    assert fixes, "Kota Tangerang's SAQ is not 100"
    finals = [f["final"] for f in fixes]
    assert finals == sorted(finals) and all(f["gain"] > 0 for f in fixes)
    # Each final is the one before it plus its gain (78.33 before the first).
    before = Decimal("78.33")
    for fix in fixes:
        assert fix["final"] == before + fix["gain"]
        before = fix["final"]
    assert fixes[0]["text"] and fixes[0]["advice"].startswith(f"{fixes[0]['question']}: jawab")
    english = kip_index.Questionnaire(INSTRUMENT, lang="en").fixes(tangerang())
    assert english[0]["advice"].startswith(f"{english[0]['question']}: answer")
    with pytest.raises(kip_index.KipError):
        kip_index.Questionnaire(INSTRUMENT).fixes("[]")
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.Questionnaire(kip_index.named("instrumen.json", "{}"))
    assert caught.value.problems[0]["file"] == "instrumen.json"


def test_sensitivity_without_spread_is_the_published_ranking_and_matches_the_cli(kip):
    s = kip_index.sensitivity(
        INSTRUMENT, KABKOTA, without_stage_scores=True, samples=40, seed=3, weight_spread="0"
    )
    table = s.to_arrow()
    assert table.num_rows == len(s) == len(s.results) == 8
    for rank, low, high in zip(table["rank"].to_pylist(), table["rank_low"].to_pylist(), table["rank_high"].to_pylist()):
        assert low == high == rank
    assert s.mean_rank_shift == Decimal("0")
    shares = [c for c in table.column_names if c.startswith("share_")]
    for row in table.select(shares).to_pylist():
        assert sorted(row.values()) == [Decimal("0")] * 4 + [Decimal("100")]
    cli = run(
        kip, "sensitivity", INSTRUMENT, KABKOTA, "--without-stage-scores", "--samples", "40",
        "--seed", "3", "--weight-spread", "0",
    )
    assert cli.returncode == 0, cli.stderr.decode()
    assert s.json() == cli.stdout.decode()
    # With spread, the same seed gives the same analysis.
    twice = [kip_index.sensitivity(INSTRUMENT, KABKOTA, without_stage_scores=True, samples=30, seed=9).json() for _ in range(2)]
    assert twice[0] == twice[1]


def test_sensitivity_refuses_bad_options_and_too_much_memory():
    with pytest.raises(kip_index.KipError) as caught:
        kip_index.sensitivity(INSTRUMENT, KABKOTA, without_stage_scores=True, samples=20_000_000)
    assert caught.value.problems[0]["path"] == "/samples"
    with pytest.raises(kip_index.KipError):
        kip_index.sensitivity(INSTRUMENT, KABKOTA, without_stage_scores=True, weight_spread="1.5")
    with pytest.raises(MemoryError):
        kip_index.sensitivity(INSTRUMENT, KABKOTA, without_stage_scores=True, samples=10_000_000, max_memory=1 << 20)


def test_scoring_lets_other_threads_run(tmp_path, generate):
    """The GIL is released while the library scores: a Python thread keeps counting
    inside the native call's window."""
    out = tmp_path / "batch"
    made = run(generate, "--bodies", "20000", "--questions", "60", "--seed", "5", "--out", out)
    assert made.returncode == 0, made.stderr.decode()
    instrument = (out / "instrument.json").read_bytes()
    submissions = (out / "submissions.jsonl").read_bytes()
    ticks, stop = [], threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    files = (("instrument.json", instrument), [("submissions.jsonl", submissions)], [], [], [])
    start = time.perf_counter()
    kip_index._native.score(files, True, False, "id")
    end = time.perf_counter()
    stop.set()
    thread.join()
    if end - start < 0.05:
        pytest.skip(f"scoring took {end - start:.3f} s: too short to see")
    inside = [t for t in ticks if start + 0.01 < t < end - 0.01]
    assert len(inside) >= 3, f"{len(inside)} ticks in a {end - start:.3f} s call"
