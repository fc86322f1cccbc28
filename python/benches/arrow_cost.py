"""What handing the results to Arrow costs beside scoring them, as an analyst meets it:
`kip_index.score(...)` on a generated batch, then `pyarrow.table(results)` (the Arrow C
stream: the library builds the table, pyarrow takes it without a copy) and
`polars.DataFrame(results)`. Prints each time, the median of `--runs`, and the ratio.

    cargo build --release --example generate
    python python/benches/arrow_cost.py --bodies 100000 --questions 150

The generator's batch is written once into a temporary folder (or `--dir` to keep it).
"""

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import kip_index

ROOT = Path(__file__).resolve().parents[2]


def median_seconds(run, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    generate = next(
        (p for p in (ROOT / "target" / "release" / "examples" / "generate", ROOT / "target" / "debug" / "examples" / "generate") if p.exists()),
        None,
    )
    if generate is None:
        raise SystemExit("build the generator first: cargo build --release --example generate")
    with tempfile.TemporaryDirectory() as temporary:
        out = args.dir or Path(temporary) / "batch"
        if not (out / "submissions.jsonl").exists():
            subprocess.run(
                [str(generate), "--bodies", str(args.bodies), "--questions", str(args.questions),
                 "--seed", "7", "--out", str(out)],
                check=True, capture_output=True,
            )
        instrument, submissions = out / "instrument.json", out / "submissions.jsonl"
        data = submissions.read_bytes()
        inputs = dict(without_stage_scores=True)
        results = kip_index.score(instrument, kip_index.named("submissions.jsonl", data), **inputs)
        scoring = median_seconds(
            lambda: kip_index.score(instrument, kip_index.named("submissions.jsonl", data), **inputs),
            args.runs,
        )
        import pyarrow

        to_arrow = median_seconds(lambda: pyarrow.table(results), args.runs)
        print(f"{len(results)} bodies × {args.questions} questions ({len(data) >> 20} MiB of JSON Lines)")
        print(f"score (from bytes in memory): {scoring * 1000:8.1f} ms")
        print(f"pyarrow.table(results):       {to_arrow * 1000:8.1f} ms  ({to_arrow / scoring:.1%} of scoring)")
        try:
            import polars

            frame = median_seconds(lambda: polars.DataFrame(results), args.runs)
            print(f"polars.DataFrame(results):    {frame * 1000:8.1f} ms  ({frame / scoring:.1%} of scoring)")
        except ImportError:
            pass


if __name__ == "__main__":
    main()
