"""The same batch scored by `kip` and by DuckDB running the same rules in SQL, timed in one
run: the yardstick of "ten times DuckDB" (issue 29).

Usage: python scripts/duckdb_rules.py KIP BATCH_DIR [--runs N]

BATCH_DIR is the generator's output (`examples/generate.rs`): instrument.json,
submissions.jsonl, verification.json and stage-scores.json (pretty JSON arrays) and
roster.csv. `scripts/duckdb_rules.sh` makes one of 10,000 bodies, installs duckdb for
Python in a fresh virtual environment and runs this.

The SQL is written from the instrument, for the rules the generator's instrument uses
(docs/scoring.md): every question kind (yes/no, choice, checklist, number bands on
either side, scale, rating, text never scored), weights, categories, `when` on an
earlier yes/no or choice question with `otherwise` zero or not applicable, N/A, unanswered
questions as 0, required evidence (0 without it, unless a verifier decided), the
verifier's decisions (a score, or accept), indicators' weighted means re-weighted over
what is present (two levels), the stage gate on the rounded SAQ, the visitasi as the
judges' mean, a missing stage counted 0 (`absent_stage: zero`), the final rounded half
away from zero, qualifications, and ranks overall, by category and by region with the
instrument's tie-break keys. DuckDB computes in binary floating point, kip exactly: the
script counts the bodies whose published finals agree and names any that do not.
Both write their results to a file: kip its results JSON, DuckDB one JSON line a body.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import duckdb


def questions_of(instrument):
    """Every question with its leaf indicator, and the indicators with their parents."""
    questions, indicators = [], []

    def walk(items, parent, depth):
        for item in items:
            if depth > 2:
                sys.exit("this SQL handles two levels of indicators")
            indicators.append((item["id"], parent, item["weight"], depth))
            for q in item.get("questions", []):
                questions.append((q, item["id"]))
            walk(item.get("indicators", []), item["id"], depth + 1)

    walk(instrument["indicators"], None, 1)
    return questions, indicators


def rules_sql(instrument):
    """The tables of the instrument's rules, as SQL values."""
    questions, indicators = questions_of(instrument)
    by_id = {q["id"]: q for q, _ in questions}
    q_rows, options, items, bands = [], [], [], []
    for q, leaf in questions:
        when = q.get("when")
        if when and (by_id[when["question"]].get("when") or by_id[when["question"]].get("categories")):
            sys.exit("this SQL handles a `when` on an unconditional question only")
        eq = None
        if when:
            eq = json.dumps(when["equals"])
        cats = q.get("categories")
        q_rows.append(
            "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})".format(
                lit(q["id"]),
                lit(leaf),
                lit(q["kind"]),
                q.get("weight", 1),
                lit(q.get("evidence", "optional")),
                "NULL" if cats is None else "[" + ", ".join(lit(c) for c in cats) + "]",
                lit(when["question"]) if when else "NULL",
                lit(eq) if when else "NULL",
                lit(q.get("otherwise", "zero")),
                "true" if q.get("allow_na") else "false",
                num(q.get("min")),
                num(q.get("max")),
            )
        )
        for o in q.get("options", []):
            options.append("({}, {}, {})".format(lit(q["id"]), lit(o["id"]), o["score"]))
        total = sum(i["points"] for i in q.get("items", []))
        for i in q.get("items", []):
            items.append("({}, {}, {}, {})".format(lit(q["id"]), lit(i["id"]), i["points"], total))
        for k, b in enumerate(q.get("bands", [])):
            side = "min" if any("min" in x for x in q["bands"]) else "max"
            bands.append(
                "({}, {}, {}, {}, {})".format(lit(q["id"]), k, lit(side), num(b.get(side)), b["score"])
            )
    ind_rows = [
        "({}, {}, {}, {})".format(lit(i), lit(p) if p else "NULL", w, d) for i, p, w, d in indicators
    ]
    return {
        "questions": "SELECT * FROM (VALUES {}) q(qid, leaf, kind, weight, evidence_rule, cats, when_q, when_eq, otherwise, allow_na, lo, hi)".format(
            ", ".join(q_rows)
        ),
        "options": "SELECT * FROM (VALUES {}) o(qid, opt, score)".format(", ".join(options)),
        "items": "SELECT * FROM (VALUES {}) i(qid, item, points, total)".format(", ".join(items)),
        "bands": "SELECT * FROM (VALUES {}) b(qid, k, side, bound, score)".format(", ".join(bands)),
        "indicators": "SELECT * FROM (VALUES {}) i(iid, parent, weight, depth)".format(", ".join(ind_rows)),
    }


def lit(text):
    return "'" + str(text).replace("'", "''") + "'"


def num(value):
    return "NULL" if value is None else repr(value)


def score_batch(con, instrument, batch, out):
    """Scores the batch in DuckDB and writes one JSON line a body to `out`."""
    rules = rules_sql(instrument)
    saq = next(s for s in instrument["stages"] if s.get("questionnaire"))
    others = [s for s in instrument["stages"] if not s.get("questionnaire")]
    if len(others) != 1 or instrument.get("absent_stage", "zero") != "zero":
        sys.exit("this SQL handles one later stage counted 0 when absent")
    visit = others[0]
    gate = visit.get("requires", {})
    if gate and gate.get("stage") != saq["id"]:
        sys.exit("this SQL handles a gate on the SAQ only")
    gate_min = gate.get("min", 0)
    decimals = instrument.get("decimals", 2)
    qual = sorted(instrument["qualifications"], key=lambda q: -q["min"])
    qual_case = " ".join("WHEN final >= {} THEN {}".format(q["min"], lit(q["id"])) for q in qual)
    tie = []
    for key in instrument.get("tie_break", []):
        kind, ident = key.split(":", 1)
        tie.append("saq_r" if (kind == "stage" and ident == saq["id"]) else "round_half(ind_{}, {})".format(ident, decimals))
    every = [i for i, p, w, d in questions_of(instrument)[1]]
    f = lambda name: os.path.join(batch, name)
    sql = f"""
CREATE OR REPLACE MACRO round_half(x, d) AS
    CASE WHEN x IS NULL THEN NULL
         ELSE sign(x) * floor(abs(x) * power(10, d) + 0.5 + 1e-9) / power(10, d) END;
CREATE OR REPLACE TEMP TABLE questions AS {rules['questions']};
CREATE OR REPLACE TEMP TABLE options AS {rules['options']};
CREATE OR REPLACE TEMP TABLE items AS {rules['items']};
CREATE OR REPLACE TEMP TABLE bands AS {rules['bands']};
CREATE OR REPLACE TEMP TABLE indicators AS {rules['indicators']};
CREATE OR REPLACE TEMP TABLE subs AS
SELECT agency.id AS body, agency.name AS name, agency.category AS category,
       agency.region AS region, answers
FROM read_json({lit(f('submissions.jsonl'))}, format = 'newline_delimited',
    columns = {{instrument: 'VARCHAR',
               agency: 'STRUCT(id VARCHAR, name VARCHAR, category VARCHAR, region VARCHAR)',
               answers: 'MAP(VARCHAR, STRUCT(value JSON, na BOOLEAN, evidence VARCHAR[]))'}});
CREATE OR REPLACE TEMP TABLE answers AS
SELECT body, e.key AS qid, e.value.value AS value, coalesce(e.value.na, false) AS na,
       coalesce(len(e.value.evidence), 0) AS evidence
FROM (SELECT body, unnest(map_entries(answers)) AS e FROM subs);
CREATE OR REPLACE TEMP TABLE decisions AS
SELECT agency AS body, d.question AS qid, d.score AS score, coalesce(d.accept, false) AS accept
FROM (SELECT agency, unnest(decisions) AS d
      FROM read_json({lit(f('verification.json'))}, format = 'array',
          columns = {{agency: 'VARCHAR',
                     decisions: 'STRUCT(question VARCHAR, score DOUBLE, accept BOOLEAN, note VARCHAR)[]'}}));
CREATE OR REPLACE TEMP TABLE judged AS
SELECT agency AS body, avg(s) AS visit
FROM (SELECT agency, unnest(scores) AS s
      FROM read_json({lit(f('stage-scores.json'))}, format = 'array',
          columns = {{agency: 'VARCHAR', stage: 'VARCHAR', scores: 'DOUBLE[]'}})
      WHERE stage = {lit(visit['id'])})
GROUP BY agency;
-- Every question for every body: how it counts.
CREATE OR REPLACE TEMP TABLE graded AS
WITH grid AS (
    SELECT s.body, s.category, q.*, a.value, coalesce(a.na, false) AS na,
           coalesce(a.evidence, 0) AS evidence_count,
           (q.cats IS NULL OR list_contains(q.cats, s.category)) AS applies,
           p.value AS parent_value
    FROM subs s CROSS JOIN questions q
    LEFT JOIN answers a ON a.body = s.body AND a.qid = q.qid
    LEFT JOIN answers p ON p.body = s.body AND p.qid = q.when_q
),
valued AS (
    SELECT g.*,
        CASE WHEN NOT applies OR kind = 'text' OR weight = 0 THEN 'out'
             WHEN when_q IS NOT NULL AND (parent_value IS NULL OR parent_value::VARCHAR <> when_eq)
                 THEN CASE WHEN otherwise = 'zero' THEN 'zero' ELSE 'out' END
             WHEN na THEN 'out'
             WHEN value IS NULL THEN 'missing'
             ELSE 'answered' END AS status,
        trim(value::VARCHAR, '"') AS text
    FROM grid g
),
self AS (
    SELECT v.*,
        CASE WHEN status <> 'answered' THEN 0.0
             WHEN kind = 'yes_no' THEN CASE WHEN text = 'true' THEN 100.0 ELSE 0.0 END
             WHEN kind = 'choice' THEN (SELECT o.score FROM options o WHERE o.qid = v.qid AND o.opt = v.text)
             WHEN kind = 'checklist' THEN
                 (SELECT coalesce(100.0 * sum(i.points) / any_value(i.total), 0.0)
                  FROM items i WHERE i.qid = v.qid
                    AND list_contains(from_json(v.value, '["VARCHAR"]'), i.item))
             WHEN kind = 'number' THEN
                 (SELECT b.score FROM bands b WHERE b.qid = v.qid AND (b.bound IS NULL
                      OR (b.side = 'max' AND text::DOUBLE <= b.bound)
                      OR (b.side = 'min' AND text::DOUBLE >= b.bound))
                  ORDER BY b.k LIMIT 1)
             WHEN kind = 'scale' THEN 100.0 * (text::DOUBLE - lo) / (hi - lo)
             WHEN kind = 'rating' THEN text::DOUBLE
        END AS self_score
    FROM valued v
)
SELECT s.body, s.qid, s.leaf, s.weight, s.status,
    CASE WHEN s.status = 'out' THEN NULL
         WHEN d.score IS NOT NULL THEN d.score
         WHEN d.accept THEN s.self_score
         WHEN s.status = 'answered' AND s.evidence_rule = 'required' AND s.evidence_count = 0 THEN 0.0
         ELSE s.self_score END AS score,
    CASE WHEN s.status <> 'out' THEN s.self_score END AS self,
    (s.status = 'answered' AND s.evidence_rule = 'required' AND s.evidence_count = 0
        AND d.body IS NULL) AS evidence_missing
FROM self s
LEFT JOIN decisions d ON d.body = s.body AND d.qid = s.qid;
-- Leaf indicators, then their parents, then the SAQ: weighted means over what is
-- present, verified and as the body answered (self-assessed).
CREATE OR REPLACE TEMP TABLE leaves AS
SELECT body, leaf AS iid, sum(weight * score) / sum(weight) AS score,
       sum(weight * self) / sum(weight) AS self
FROM graded WHERE status <> 'out' GROUP BY body, leaf;
CREATE OR REPLACE TEMP TABLE parents AS
SELECT l.body, i.parent AS iid, sum(i.weight * l.score) / sum(i.weight) AS score,
       sum(i.weight * l.self) / sum(i.weight) AS self
FROM leaves l JOIN indicators i ON i.iid = l.iid WHERE i.parent IS NOT NULL
GROUP BY l.body, i.parent;
CREATE OR REPLACE TEMP TABLE every_indicator AS
SELECT * FROM leaves UNION ALL SELECT * FROM parents;
CREATE OR REPLACE TEMP TABLE questionnaire AS
SELECT v.body, sum(i.weight * v.score) / sum(i.weight) AS saq,
       sum(i.weight * v.self) / sum(i.weight) AS self_assessed,
       {", ".join("round_half(max(v.score) FILTER (WHERE v.iid = {}), {}) AS ind_{}".format(lit(i), decimals, i) for i in every)}
FROM every_indicator v JOIN indicators i ON i.iid = v.iid AND i.parent IS NULL
GROUP BY v.body;
CREATE OR REPLACE TEMP TABLE diagnostics AS
SELECT body, list(qid ORDER BY qid) FILTER (WHERE status = 'missing') AS missing,
       list(qid ORDER BY qid) FILTER (WHERE evidence_missing) AS evidence_missing
FROM graded GROUP BY body;
CREATE OR REPLACE TEMP TABLE finals AS
WITH saq AS (
    SELECT s.body, s.name, s.category, s.region, coalesce(q.saq, 0.0) AS saq,
        round_half(coalesce(q.self_assessed, 0.0), {decimals}) AS self_assessed,
        q.* EXCLUDE (body, saq, self_assessed)
    FROM subs s LEFT JOIN questionnaire q ON q.body = s.body
),
staged AS (
    SELECT saq.*, round_half(saq, {decimals}) AS saq_r,
        CASE WHEN round_half(saq, {decimals}) >= {gate_min} THEN j.visit END AS visit
    FROM saq LEFT JOIN judged j ON j.body = saq.body
)
SELECT *, round_half(({saq['weight']} * saq + {visit['weight']} * coalesce(visit, 0)) / 100, {decimals}) AS final
FROM staged;
"""
    con.execute(sql)
    order = ", ".join(["final DESC"] + [t + " DESC NULLS LAST" for t in tie])
    con.execute(
        f"""
CREATE OR REPLACE TEMP TABLE ranked AS
SELECT f.body, f.name, f.category, f.region, f.final,
    CASE {qual_case} END AS qualification,
    rank() OVER (ORDER BY {order}) AS rank_overall,
    rank() OVER (PARTITION BY f.category ORDER BY {order}) AS rank_category,
    rank() OVER (PARTITION BY f.region ORDER BY {order}) AS rank_region,
    f.saq_r AS stage_{saq['id']}, round_half(f.visit, {decimals}) AS stage_{visit['id']},
    {", ".join("f.ind_" + i for i in every)}, f.self_assessed,
    d.missing, d.evidence_missing
FROM finals f LEFT JOIN diagnostics d ON d.body = f.body;
COPY (SELECT * FROM ranked ORDER BY rank_overall, body) TO {lit(out)} (FORMAT json);
COPY (
    SELECT 'category' AS kind, category AS grp, count(*) AS scored, round_half(avg(final), {decimals}) AS mean,
           median(final) AS median, min(final) AS min, max(final) AS max,
           histogram(qualification) AS qualifications
    FROM ranked GROUP BY category
    UNION ALL
    SELECT 'region', region, count(*), round_half(avg(final), {decimals}), median(final), min(final),
           max(final), histogram(qualification)
    FROM ranked GROUP BY region
) TO {lit(out + '.summary')} (FORMAT json);
"""
    )

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kip")
    parser.add_argument("batch")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    instrument = json.load(open(os.path.join(args.batch, "instrument.json"), encoding="utf-8"))
    work = tempfile.mkdtemp()
    kip_out = os.path.join(work, "kip.json")
    duck_out = os.path.join(work, "duckdb.jsonl")
    b = lambda name: os.path.join(args.batch, name)
    kip_cmd = [
        args.kip, "score", b("instrument.json"), b("submissions.jsonl"),
        "--verification", b("verification.json"), "--stage-scores", b("stage-scores.json"),
        "--roster", b("roster.csv"), "-o", kip_out,
    ]
    kip_times, duck_times = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(kip_cmd, check=True, stderr=subprocess.DEVNULL)
        kip_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        con = duckdb.connect()
        score_batch(con, instrument, args.batch, duck_out)
        con.close()
        duck_times.append(time.perf_counter() - start)
    saq_id = next(s["id"] for s in instrument["stages"] if s.get("questionnaire"))
    kip_finals = {
        r["agency"]["id"]: (
            r["final"], r["qualification"], r["rank"]["overall"],
            r["stages"][saq_id], r["self_assessed"],
        )
        for r in json.load(open(kip_out, encoding="utf-8"))["results"]
    }
    duck_finals = {}
    with open(duck_out, encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            duck_finals[r["body"]] = (
                r["final"], r["qualification"], r["rank_overall"],
                r["stage_" + saq_id], r["self_assessed"],
            )
    close = lambda a, b: a is not None and b is not None and abs(float(a) - float(b)) < 0.005
    agree = [
        body for body, (final, qual, rank, saq, self_assessed) in kip_finals.items()
        if body in duck_finals and close(final, duck_finals[body][0])
        and qual == duck_finals[body][1] and rank == duck_finals[body][2]
        and close(saq, duck_finals[body][3]) and close(self_assessed, duck_finals[body][4])
    ]
    differ = sorted(set(kip_finals) - set(agree))
    kip_median, duck_median = statistics.median(kip_times), statistics.median(duck_times)
    print(f"bodies: {len(kip_finals)} scored by kip, {len(duck_finals)} by DuckDB {duckdb.__version__}")
    print(f"finals, qualifications, overall ranks, SAQ and self-assessed scores that agree: {len(agree)} of {len(kip_finals)}")
    for body in differ[:10]:
        print(f"  differs: {body}: kip {kip_finals[body]}, DuckDB {duck_finals.get(body)}")
    print(f"kip score:  median {kip_median:.3f} s of {args.runs} ({', '.join(f'{t:.3f}' for t in kip_times)})")
    print(f"DuckDB SQL: median {duck_median:.3f} s of {args.runs} ({', '.join(f'{t:.3f}' for t in duck_times)})")
    print(f"kip is {duck_median / kip_median:.1f}x faster")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
