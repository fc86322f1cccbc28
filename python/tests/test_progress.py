"""kip_index.progress as a commission's analyst uses it: the six bodies of
examples/progress-2025 under two superiors, one in each state (worked out by hand in
tests/progress.rs), the CLI's JSON byte for byte, a pandas table and the CSV."""

import kip_index
from conftest import run

BASE = "examples/progress-2025"


def read(**options):
    return kip_index.progress(
        f"{BASE}/instrument.json",
        f"{BASE}/submissions.jsonl",
        roster=f"{BASE}/roster.csv",
        **options,
    )


def test_each_body_has_its_state_and_each_superior_its_counts(at_root):
    progress = read()
    states = {b["id"]: b["state"] for b in progress.bodies}
    assert states == {
        "36-diskominfo": "complete",
        "36-dinkes": "draft",
        "36-bpkad": "rejected",
        "3601-disdik": "draft",
        "3601-dpmptsp": "late",
        "3601-bappeda": "not_received",
    }
    assert progress.by_superior["Gubernur Banten"] == {
        "due": 3, "not_received": 0, "draft": 1, "complete": 1, "rejected": 1, "late": 0,
    }
    assert progress.by_superior["Bupati Pandeglang"] == {
        "due": 3, "not_received": 1, "draft": 1, "complete": 0, "rejected": 0, "late": 1,
    }
    dinkes = next(b for b in progress.bodies if b["id"] == "36-dinkes")
    assert (dinkes["answered"], dinkes["applicable"], dinkes["unanswered"]) == (3, 4, ["PL02"])
    assert dinkes["lacks"] == "belum dijawab 1 dari 4: PL02"
    english = read(lang="en")
    bpkad = next(b for b in english.bodies if b["id"] == "36-bpkad")
    assert "expected a number from 1 to 5" in bpkad["reasons"][0]["message"]
    assert "6 due, 1 complete, 2 draft" in repr(progress)


def test_json_is_the_clis_and_csv_and_pandas_hold_every_body(at_root, kip):
    cli = run(
        kip, "progress", f"{BASE}/instrument.json", f"{BASE}/submissions.jsonl",
        "--roster", f"{BASE}/roster.csv", "--format", "json",
    ).stdout.decode()
    assert read().json() == cli
    csv = read().to_csv("id")
    assert csv.lstrip("\ufeff").splitlines()[0].startswith(
        "id;name;category;category_name;region;superior;contact;state;state_name"
    )
    assert len(csv.splitlines()) == 7
    frame = read().to_pandas()
    assert sorted(frame["state"]) == sorted(
        ["complete", "draft", "draft", "rejected", "late", "not_received"]
    )


def test_a_deadline_extension_takes_the_late_body_in_and_a_bad_one_is_refused(at_root):
    extended = read(deadline="2025-10-07T23:59:59+07:00")
    states = {b["id"]: b["state"] for b in extended.bodies}
    assert states["3601-dpmptsp"] == "complete"
    try:
        read(deadline="7 Oktober 2025")
    except kip_index.KipError as error:
        assert error.problems[0]["file"] == "deadline"
    else:
        raise AssertionError("a deadline without an offset must be refused")
