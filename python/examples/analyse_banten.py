"""Score the bundled Banten batch and study it, as an analyst would in a notebook:
the top 10 of each category with pandas, the qualifications counted with DuckDB.

    pip install "./python[test]"     # kip_index with pandas, pyarrow and DuckDB
    python python/examples/analyse_banten.py
"""

from pathlib import Path

import duckdb

import kip_index

BASE = Path(__file__).resolve().parents[2] / "examples" / "monev-2025"

# %% Score the batch: the same inputs as `kip score`, the same results.
results = kip_index.score(
    BASE / "instrument.json",
    [BASE / "submissions" / "banten-kabkota.jsonl", BASE / "submissions" / "banten-opd.json"],
    verification=BASE / "verification.json",
    stage_scores=BASE / "stage-scores.json",
    roster=BASE / "roster.json",
)
print(results)
for rejected in results.rejected:
    print("ditolak:", rejected["source"], rejected["errors"][0]["message"])
for body in results.not_assessed:
    print("tidak dinilai:", body["id"], body["name"])

# %% The top 10 of each category, with pandas (finals are exact decimals).
frame = results.to_pandas()
top = (
    frame.sort_values(["category", "rank_category"])
    .groupby("category", sort=False)
    .head(10)[["category_name", "rank_category", "agency_name", "final", "qualification_name"]]
)
print(top.to_string(index=False))

# %% The qualifications counted per category, with DuckDB straight from the results.
counts = duckdb.sql(
    """
    select category_name, qualification_name, count(*) as bodies, min(final) as lowest
    from results
    group by all
    order by category_name, lowest desc
    """
)
print(counts)
