//! Writes a realistic, seeded Monev batch of any size into a directory, in the shapes
//! other systems write: `instrument.json`; the submissions as JSON Lines
//! (`submissions.jsonl`) or one JSON array, compact or pretty-printed
//! (`submissions.json`); the verification and stage scores as JSON Lines or a JSON array
//! (`verification.json[l]`, `stage-scores.json[l]`) and the stage scores also as CSV
//! (`stage-scores.csv`); the roster as CSV and JSON (`roster.csv`, `roster.json[l]`).
//!
//! ```sh
//! cargo run --release --example generate -- --bodies 100000 --questions 150 --seed 7 \
//!     --submissions jsonl --side pretty --out /tmp/national
//! kip score /tmp/national/instrument.json /tmp/national/submissions.jsonl \
//!     --verification /tmp/national/verification.json \
//!     --stage-scores /tmp/national/stage-scores.json --roster /tmp/national/roster.csv
//! ```
//!
//! `--submissions` and `--side` take `jsonl`, `compact` or `pretty` (defaults: `jsonl`
//! and `pretty`).

#[path = "../benches/support/generate.rs"]
mod generate;

use std::io::Write;

use generate::Shape;
use kip_index::{Body, Framing, Instrument, Plan, Submission, read_verifications};

struct Args {
    bodies: usize,
    questions: usize,
    seed: u64,
    submissions: Shape,
    side: Shape,
    out: std::path::PathBuf,
}

fn shape(flag: &str, value: &str) -> Result<Shape, String> {
    Shape::ALL
        .iter()
        .find(|(name, s)| *name == value && *s != Shape::Csv)
        .map(|(_, s)| *s)
        .ok_or(format!(
            "{flag} takes jsonl, compact or pretty, not {value}"
        ))
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        bodies: 1000,
        questions: 150,
        seed: 7,
        submissions: Shape::Lines,
        side: Shape::Pretty,
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
            "--submissions" => args.submissions = shape(&flag, &value)?,
            "--side" => args.side = shape(&flag, &value)?,
            "--out" => args.out = value.clone().into(),
            _ => {
                return Err(format!(
                    "unknown option {flag} (--bodies, --questions, --seed, --submissions, --side, --out)"
                ));
            }
        }
    }
    Ok(args)
}

/// Writes compact records in `shape`, one at a time, so that a national file is never
/// held in memory whole.
struct Framed {
    out: std::io::BufWriter<std::fs::File>,
    shape: Shape,
    count: usize,
    scratch: String,
}

impl Framed {
    fn create(path: std::path::PathBuf, shape: Shape) -> std::io::Result<Framed> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        if shape != Shape::Lines {
            out.write_all(b"[")?;
        }
        Ok(Framed {
            out,
            shape,
            count: 0,
            scratch: String::new(),
        })
    }

    fn push(&mut self, record: &str) -> std::io::Result<()> {
        match self.shape {
            Shape::Lines | Shape::Csv => writeln!(self.out, "{record}")?,
            Shape::Compact => {
                if self.count > 0 {
                    self.out.write_all(b",")?;
                }
                self.out.write_all(record.as_bytes())?;
            }
            Shape::Pretty => {
                self.out
                    .write_all(if self.count > 0 { b",\n  " } else { b"\n  " })?;
                self.scratch.clear();
                generate::pretty_into(record, 1, &mut self.scratch);
                self.out.write_all(self.scratch.as_bytes())?;
            }
        }
        self.count += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        match self.shape {
            Shape::Lines | Shape::Csv => {}
            Shape::Compact => self.out.write_all(b"]\n")?,
            Shape::Pretty if self.count > 0 => self.out.write_all(b"\n]\n")?,
            Shape::Pretty => self.out.write_all(b"]\n")?,
        }
        self.out.flush()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    std::fs::create_dir_all(&args.out)?;
    let instrument_text = generate::instrument_json(args.questions);
    std::fs::write(args.out.join("instrument.json"), &instrument_text)?;
    let instrument = Instrument::from_json(&instrument_text).map_err(|r| r.to_string())?;
    let plan = Plan::new(&instrument).map_err(|r| r.to_string())?;

    let path = |stem: &str, shape: Shape| args.out.join(format!("{stem}.{}", shape.extension()));
    let csv = |name: &str| -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        Ok(std::io::BufWriter::new(std::fs::File::create(
            args.out.join(name),
        )?))
    };
    let mut submissions = Framed::create(path("submissions", args.submissions), args.submissions)?;
    let mut verification = Framed::create(path("verification", args.side), args.side)?;
    let mut stages_json = Framed::create(path("stage-scores", args.side), args.side)?;
    let mut roster_json = Framed::create(path("roster", args.side), args.side)?;
    let mut roster = csv("roster.csv")?;
    let mut stages = csv("stage-scores.csv")?;
    writeln!(roster, "id,name,category,region")?;
    writeln!(stages, "agency,stage,score")?;
    let mut rng = generate::Rng::new(args.seed);
    let mut line = String::new();
    // One body in two hundred is on the roster but sends nothing (Tidak Dinilai).
    let due = args.bodies + args.bodies / 200;
    for i in 0..due {
        let body = generate::body(i, args.seed);
        writeln!(
            roster,
            "{},{},{},{}",
            body.id, body.name, body.category, body.region
        )?;
        roster_json.push(&generate::roster_entry(&body))?;
        if i >= args.bodies {
            continue;
        }
        line.clear();
        generate::submission_line(&instrument.id, args.questions, &body, args.seed, &mut line);
        submissions.push(&line)?;
        // A verifier's decisions for one body in twenty.
        let decisions = generate::verification_entry(&body, &mut rng);
        if let Some(entry) = &decisions {
            verification.push(entry)?;
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
                let judges: Vec<String> = (0..3)
                    .map(|_| format!("{}.{}", 60 + rng.below(40), rng.below(10)))
                    .collect();
                for score in &judges {
                    writeln!(stages, "{},visitasi,{score}", body.id)?;
                }
                stages_json.push(&format!(
                    r#"{{"agency":"{}","stage":"visitasi","scores":[{}]}}"#,
                    body.id,
                    judges.join(",")
                ))?;
            }
        }
    }
    for framed in [submissions, verification, stages_json, roster_json] {
        framed.finish()?;
    }
    for mut w in [roster, stages] {
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
