//! Writes a realistic, seeded Monev batch of any size into a directory:
//! `instrument.json`, `submissions.jsonl`, `verification.json`, `stage-scores.csv` and
//! `roster.csv`.
//!
//! ```sh
//! cargo run --release --example generate -- --bodies 100000 --questions 150 --seed 7 --out /tmp/national
//! kip score /tmp/national/instrument.json /tmp/national/submissions.jsonl \
//!     --verification /tmp/national/verification.json \
//!     --stage-scores /tmp/national/stage-scores.csv --roster /tmp/national/roster.csv
//! ```

#[path = "../benches/support/generate.rs"]
mod generate;

use std::io::Write;

use kip_index::{Body, Framing, Instrument, Plan, Submission, read_verifications};

struct Args {
    bodies: usize,
    questions: usize,
    seed: u64,
    out: std::path::PathBuf,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        bodies: 1000,
        questions: 150,
        seed: 7,
        out: "generated".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--bodies" => args.bodies = number()? as usize,
            "--questions" => args.questions = number()? as usize,
            "--seed" => args.seed = number()?,
            "--out" => args.out = value.clone().into(),
            _ => {
                return Err(format!(
                    "unknown option {flag} (--bodies, --questions, --seed, --out)"
                ));
            }
        }
    }
    Ok(args)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    std::fs::create_dir_all(&args.out)?;
    let instrument_text = generate::instrument_json(args.questions);
    std::fs::write(args.out.join("instrument.json"), &instrument_text)?;
    let instrument = Instrument::from_json(&instrument_text).map_err(|r| r.to_string())?;
    let plan = Plan::new(&instrument).map_err(|r| r.to_string())?;

    let file = |name: &str| -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        Ok(std::io::BufWriter::new(std::fs::File::create(
            args.out.join(name),
        )?))
    };
    let mut submissions = file("submissions.jsonl")?;
    let mut roster = file("roster.csv")?;
    let mut stages = file("stage-scores.csv")?;
    let mut verification = file("verification.json")?;
    writeln!(roster, "id,name,category,region")?;
    writeln!(stages, "agency,stage,score")?;
    write!(verification, "[")?;
    let mut rng = generate::Rng::new(args.seed);
    let mut line = String::new();
    let mut first_decision = true;
    // One body in two hundred is on the roster but sends nothing (Tidak Dinilai).
    let due = args.bodies + args.bodies / 200;
    for i in 0..due {
        let body = generate::body(i, args.seed);
        writeln!(
            roster,
            "{},{},{},{}",
            body.id, body.name, body.category, body.region
        )?;
        if i >= args.bodies {
            continue;
        }
        line.clear();
        generate::submission_line(&instrument.id, args.questions, &body, args.seed, &mut line);
        writeln!(submissions, "{line}")?;
        // A verifier's decisions for one body in twenty.
        let decisions = rng.chance(50).then(|| {
            format!(
                r#"{{"agency":"{}","decisions":[{{"question":"Q000","score":0,"note":"tautan tidak dapat diakses"}},{{"question":"Q001","accept":true}}]}}"#,
                body.id
            )
        });
        if let Some(entry) = &decisions {
            if !first_decision {
                write!(verification, ",")?;
            }
            first_decision = false;
            write!(verification, "{entry}")?;
        }
        // Visitasi for one body in five among those whose verified SAQ opens the gate.
        if rng.chance(200) {
            let submission = Submission::from_json(&line).map_err(|r| r.to_string())?;
            let decided = match &decisions {
                Some(entry) => Some(
                    read_verifications(entry, Framing::Json, &instrument)
                        .pop()
                        .and_then(|r| r.value.ok())
                        .ok_or("a generated verification entry must read back")?,
                ),
                None => None,
            };
            let mut scored = Body::new(&submission);
            if let Some(v) = &decided {
                scored = scored.with_verification(v);
            }
            let card = plan.score(&scored).map_err(|r| r.to_string())?;
            if card.stage("saq").is_some_and(|s| s.rounded() >= 60.into()) {
                for _ in 0..3 {
                    writeln!(
                        stages,
                        "{},visitasi,{}.{}",
                        body.id,
                        60 + rng.below(40),
                        rng.below(10)
                    )?;
                }
            }
        }
    }
    writeln!(verification, "]")?;
    for mut w in [submissions, roster, stages, verification] {
        w.flush()?;
    }
    eprintln!(
        "wrote {} submissions of {} questions ({} bodies due) into {}",
        args.bodies,
        args.questions,
        due,
        args.out.display()
    );
    Ok(())
}
