//! A seeded generator of realistic Monev batches at any size: an instrument of any number
//! of questions (every kind, nested indicators, `when`, N/A, category-only questions,
//! required evidence) and bodies shaped like Indonesia's (ministries, agencies,
//! provinces, regencies, cities, offices and, above all, villages in 38 provinces).
//!
//! Shared by `examples/generate.rs` (files on disk) and the benches (in memory).
#![allow(dead_code)]

use std::fmt::Write as _;

/// The 38 provinces' codes (Kemendagri), for regions and ids.
pub const PROVINCES: [&str; 38] = [
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
    "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
    "91", "92", "93", "94", "95", "96",
];

const PLACES: [&str; 12] = [
    "Sukamaju",
    "Mekarsari",
    "Sumberejo",
    "Karangrejo",
    "Tanjung",
    "Sidomulyo",
    "Sukajadi",
    "Margamulya",
    "Bukit Raya",
    "Suka Damai",
    "Wonosari",
    "Cempaka",
];

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// The kind of generated question at position `q` (a cycle of ten).
fn kind_of(q: usize) -> usize {
    q % 10
}

const LEAVES: [(&str, &str, &str); 9] = [
    ("ji_berkala", "Informasi Berkala", "3"),
    ("ji_serta_merta", "Informasi Serta Merta", "2"),
    ("ji_setiap_saat", "Informasi Setiap Saat", "3"),
    ("ji_dikecualikan", "Informasi Dikecualikan", "1"),
    ("digitalisasi", "Digitalisasi", "20"),
    ("kualitas_informasi", "Kualitas Informasi", "10"),
    ("pelayanan_informasi", "Pelayanan Informasi", "10"),
    ("komitmen_organisasi", "Komitmen Organisasi", "10"),
    ("sarana_prasarana", "Sarana dan Prasarana", "10"),
];

/// The instrument's JSON: `questions` questions over nine leaf indicators (the first four
/// nested under *Jenis Informasi*, 40), SAQ 80 + visitasi 20 gated at 60.
pub fn instrument_json(questions: usize) -> String {
    let questions = questions.max(10);
    let mut leaves: Vec<String> = Vec::new();
    for (k, (id, name, weight)) in LEAVES.iter().enumerate() {
        // An even split: every leaf holds at least one of ten or more questions.
        let start = k * questions / LEAVES.len();
        let end = (k + 1) * questions / LEAVES.len();
        let qs: Vec<String> = (start..end).map(question_json).collect();
        leaves.push(format!(
            r#"{{"id":"{id}","name":"{name}","weight":{weight},"questions":[{}]}}"#,
            qs.join(",")
        ));
    }
    let jenis = format!(
        r#"{{"id":"jenis_informasi","name":"Jenis Informasi","weight":40,"indicators":[{}]}}"#,
        leaves[..4].join(",")
    );
    let indicators = std::iter::once(jenis)
        .chain(leaves[4..].iter().cloned())
        .collect::<Vec<_>>()
        .join(",");
    format!(
        r#"{{"id":"monev-gen","name":"Monev KIP (generated)","decimals":2,
"categories":[{{"id":"kementerian","name":"Kementerian"}},{{"id":"lpnk","name":"Lembaga Pemerintah Non Kementerian"}},{{"id":"pemprov","name":"Pemerintah Provinsi"}},{{"id":"pemkab","name":"Pemerintah Kabupaten"}},{{"id":"pemkot","name":"Pemerintah Kota"}},{{"id":"opd","name":"Organisasi Perangkat Daerah"}},{{"id":"desa","name":"Pemerintah Desa"}}],
"stages":[{{"id":"saq","name":"SAQ","weight":80,"questionnaire":true}},{{"id":"visitasi","name":"Visitasi","weight":20,"requires":{{"stage":"saq","min":60}}}}],
"absent_stage":"zero",
"qualifications":[{{"id":"informatif","name":"Informatif","min":90}},{{"id":"menuju_informatif","name":"Menuju Informatif","min":80}},{{"id":"cukup_informatif","name":"Cukup Informatif","min":60}},{{"id":"kurang_informatif","name":"Kurang Informatif","min":40}},{{"id":"tidak_informatif","name":"Tidak Informatif","min":0}}],
"tie_break":["stage:saq","indicator:jenis_informasi"],
"indicators":[{indicators}]}}"#
    )
}

fn question_json(q: usize) -> String {
    let id = format!("Q{q:03}");
    let base = q - kind_of(q);
    let categories = if q % 25 == 12 {
        r#","categories":["pemprov","pemkab","pemkot"]"#
    } else {
        ""
    };
    let body = match kind_of(q) {
        0 => r#""kind":"yes_no","evidence":"required""#.to_owned(),
        1 => r#""kind":"choice","weight":2,"options":[{"id":"a","label":"Lengkap","score":100},{"id":"b","label":"Sebagian besar","score":75},{"id":"c","label":"Sebagian kecil","score":40},{"id":"d","label":"Tidak ada","score":0}]"#.to_owned(),
        2 => r#""kind":"checklist","items":[{"id":"dip","label":"DIP","points":3},{"id":"sop","label":"SOP","points":2},{"id":"lap","label":"Laporan","points":2},{"id":"sk","label":"SK PPID","points":1},{"id":"web","label":"Laman","points":1}]"#.to_owned(),
        3 => r#""kind":"number","min":0,"max":60,"bands":[{"max":10,"score":100},{"max":17,"score":50},{"score":0}]"#.to_owned(),
        4 => r#""kind":"yes_no","evidence":"required""#.to_owned(),
        5 => r#""kind":"scale","min":1,"max":5,"allow_na":true"#.to_owned(),
        6 => format!(
            r#""kind":"rating","when":{{"question":"Q{:03}","equals":true}},"otherwise":"not_applicable""#,
            base + 4
        ),
        7 => r#""kind":"number","min":0,"max":100,"bands":[{"min":90,"score":100},{"min":75,"score":60},{"score":0}]"#.to_owned(),
        8 => format!(
            r#""kind":"choice","options":[{{"id":"ya","label":"Ya","score":100}},{{"id":"sebagian","label":"Sebagian","score":50}},{{"id":"tidak","label":"Tidak","score":0}}],"when":{{"question":"Q{:03}","equals":true}},"otherwise":"zero""#,
            base + 4
        ),
        _ => r#""kind":"text","weight":0,"evidence":"none""#.to_owned(),
    };
    format!(r#"{{"id":"{id}","text":"Pertanyaan {q}"{categories},{body}}}"#)
}

/// A generated body.
#[derive(Debug, Clone)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub category: &'static str,
    pub region: &'static str,
}

/// Body `i` of a batch: mostly villages, then offices, regencies and cities, provinces,
/// agencies and ministries.
pub fn body(i: usize, seed: u64) -> Body {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let region = PROVINCES[rng.below(PROVINCES.len() as u64) as usize];
    let place = PLACES[rng.below(PLACES.len() as u64) as usize];
    let (category, name) = match i % 100 {
        0 => ("kementerian", format!("Kementerian {place} {i}")),
        1 => ("lpnk", format!("Badan {place} {i}")),
        2 => ("pemprov", format!("Pemerintah Provinsi {place} {i}")),
        3..=5 => ("pemkab", format!("Pemerintah Kabupaten {place} {i}")),
        6 => ("pemkot", format!("Pemerintah Kota {place} {i}")),
        7..=19 => (
            "opd",
            format!("Dinas Komunikasi dan Informatika {place} {i}"),
        ),
        _ => ("desa", format!("Desa {place} {i}")),
    };
    Body {
        id: format!("{region}{i:08}"),
        name,
        category,
        region,
    }
}

/// One body's submission as one JSON line (no newline).
pub fn submission_line(
    instrument_id: &str,
    questions: usize,
    body: &Body,
    seed: u64,
    out: &mut String,
) {
    let mut rng = Rng::new(seed ^ 0xA5A5_5A5A ^ body.id.len() as u64 ^ hash(&body.id));
    // How good the body is, in per-mille: most are middling, some excellent.
    let quality = 300 + rng.below(700);
    let _ = write!(
        out,
        r#"{{"instrument":"{instrument_id}","agency":{{"id":"{}","name":"{}","category":"{}","region":"{}"}},"answers":{{"#,
        body.id, body.name, body.category, body.region
    );
    let mut first = true;
    let mut parent_yes = false;
    for q in 0..questions.max(10) {
        let applies = q % 25 != 12 || matches!(body.category, "pemprov" | "pemkab" | "pemkot");
        if !applies || rng.chance(30) {
            continue; // another category's question, or left unanswered (3 %)
        }
        let good = rng.chance(quality);
        let evidence = good && rng.chance(920);
        let answer = match kind_of(q) {
            0 | 4 => {
                if kind_of(q) == 4 {
                    parent_yes = good;
                }
                format!(r#"{{"value":{good}{}}}"#, evidence_json(evidence && good))
            }
            1 => format!(
                r#"{{"value":"{}"}}"#,
                ["a", "b", "c", "d"][if good { rng.below(2) } else { 1 + rng.below(3) } as usize]
            ),
            2 => {
                let items: Vec<&str> = ["dip", "sop", "lap", "sk", "web"]
                    .into_iter()
                    .filter(|_| rng.chance(quality))
                    .collect();
                format!(
                    r#"{{"value":[{}]}}"#,
                    items
                        .iter()
                        .map(|i| format!("\"{i}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            }
            3 => format!(
                r#"{{"value":{}}}"#,
                if good {
                    rng.below(12)
                } else {
                    8 + rng.below(40)
                }
            ),
            5 if rng.chance(50) => r#"{"na":true}"#.to_owned(),
            5 => format!(
                r#"{{"value":{}}}"#,
                1 + if good { 2 + rng.below(3) } else { rng.below(3) }
            ),
            6 if !parent_yes => continue,
            6 => format!(
                r#"{{"value":{}.{:02}}}"#,
                40 + rng.below(60),
                rng.below(100)
            ),
            7 => format!(
                r#"{{"value":"{}.{}"}}"#,
                if good {
                    70 + rng.below(30)
                } else {
                    rng.below(80)
                },
                rng.below(10)
            ),
            8 if !parent_yes => continue,
            8 => format!(
                r#"{{"value":"{}"}}"#,
                ["ya", "sebagian", "tidak"][rng.below(3) as usize]
            ),
            _ => r#"{"value":"https://ppid.example.go.id/informasi"}"#.to_owned(),
        };
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, r#""Q{q:03}":{answer}"#);
    }
    out.push_str("}}");
}

fn evidence_json(with: bool) -> &'static str {
    if with {
        r#","evidence":["https://ppid.example.go.id/dokumen.pdf"]"#
    } else {
        ""
    }
}

fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A whole batch of `bodies` submissions as JSON Lines.
pub fn submissions_jsonl(
    instrument_id: &str,
    questions: usize,
    bodies: usize,
    seed: u64,
) -> String {
    let mut out = String::with_capacity(bodies * questions * 40);
    for i in 0..bodies {
        submission_line(instrument_id, questions, &body(i, seed), seed, &mut out);
        out.push('\n');
    }
    out
}

/// How a generated file frames its records: the shapes other systems write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// JSON Lines: one compact record per line.
    Lines,
    /// One JSON array on one line (what `JSON.stringify` writes).
    Compact,
    /// One JSON array, pretty-printed with an indent of two spaces (what
    /// `json.dump(..., indent=2)` and most editors write).
    Pretty,
    /// CSV with a header row (stage scores and rosters only).
    Csv,
}

impl Shape {
    /// Every shape, by the name the example's `--framing` takes.
    pub const ALL: [(&'static str, Shape); 4] = [
        ("jsonl", Shape::Lines),
        ("compact", Shape::Compact),
        ("pretty", Shape::Pretty),
        ("csv", Shape::Csv),
    ];

    /// The file name ending for this shape.
    pub fn extension(self) -> &'static str {
        match self {
            Shape::Lines => "jsonl",
            Shape::Compact | Shape::Pretty => "json",
            Shape::Csv => "csv",
        }
    }
}

/// Frames compact JSON records as `shape` (Lines, Compact or Pretty; Csv is written by
/// the callers that have columns).
pub fn frame<'r>(records: impl IntoIterator<Item = &'r str>, shape: Shape) -> String {
    let mut out = String::new();
    match shape {
        Shape::Lines | Shape::Csv => {
            for record in records {
                out.push_str(record);
                out.push('\n');
            }
        }
        Shape::Compact => {
            out.push('[');
            for (i, record) in records.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(record);
            }
            out.push_str("]\n");
        }
        Shape::Pretty => {
            out.push('[');
            let mut any = false;
            for (i, record) in records.into_iter().enumerate() {
                out.push_str(if i > 0 { ",\n  " } else { "\n  " });
                pretty_into(record, 1, &mut out);
                any = true;
            }
            out.push_str(if any { "\n]\n" } else { "]\n" });
        }
    }
    out
}

/// Re-indents compact JSON text (two spaces a level, `": "` after keys), starting at
/// indent `level`; strings are copied untouched.
pub fn pretty_into(json: &str, level: usize, out: &mut String) {
    let mut depth = level;
    let mut in_string = false;
    let mut escaped = false;
    let bytes = json.as_bytes();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = json.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let empty = matches!(bytes.get(i + 1), Some(b'}' | b']'));
                if empty {
                    if let Some((_, close)) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
}

/// A verifier's decisions for body `i`, or `None` (one body in twenty gets some).
pub fn verification_entry(body: &Body, rng: &mut Rng) -> Option<String> {
    rng.chance(50).then(|| {
        format!(
            r#"{{"agency":"{}","decisions":[{{"question":"Q000","score":0,"note":"tautan tidak dapat diakses"}},{{"question":"Q001","accept":true}}]}}"#,
            body.id
        )
    })
}

/// A roster entry for a body, as a compact JSON object.
pub fn roster_entry(body: &Body) -> String {
    format!(
        r#"{{"id":"{}","name":"{}","category":"{}","region":"{}"}}"#,
        body.id, body.name, body.category, body.region
    )
}

/// A roster of `bodies` bodies in `shape`.
pub fn roster(bodies: usize, seed: u64, shape: Shape) -> String {
    if shape == Shape::Csv {
        let mut out = String::from("id,name,category,region\n");
        for i in 0..bodies {
            let b = body(i, seed);
            let _ = writeln!(out, "{},{},{},{}", b.id, b.name, b.category, b.region);
        }
        return out;
    }
    let entries: Vec<String> = (0..bodies).map(|i| roster_entry(&body(i, seed))).collect();
    frame(entries.iter().map(String::as_str), shape)
}

/// `entries` stage-score entries (`visitasi`, three judges each, one row per judge in
/// CSV) for the first bodies of a batch, in `shape`. The scores are not gate-aware: for
/// reading benches and tests, not for scoring.
pub fn stage_scores(entries: usize, seed: u64, shape: Shape) -> String {
    let mut rng = Rng::new(seed ^ 0x5157);
    if shape == Shape::Csv {
        let mut out = String::from("agency,stage,score\n");
        for i in 0..entries {
            let id = body(i, seed).id;
            for _ in 0..3 {
                let _ = writeln!(
                    out,
                    "{id},visitasi,{}.{}",
                    60 + rng.below(40),
                    rng.below(10)
                );
            }
        }
        return out;
    }
    let records: Vec<String> = (0..entries)
        .map(|i| {
            format!(
                r#"{{"agency":"{}","stage":"visitasi","scores":[{}.{},{}.{},{}]}}"#,
                body(i, seed).id,
                60 + rng.below(40),
                rng.below(10),
                60 + rng.below(40),
                rng.below(10),
                60 + rng.below(40)
            )
        })
        .collect();
    frame(records.iter().map(String::as_str), shape)
}

/// `entries` verification entries (two decisions each) for the first bodies of a batch,
/// in `shape` (not Csv).
pub fn verifications(entries: usize, seed: u64, shape: Shape) -> String {
    let records: Vec<String> = (0..entries)
        .map(|i| {
            format!(
                r#"{{"agency":"{}","decisions":[{{"question":"Q000","score":0,"note":"tautan tidak dapat diakses"}},{{"question":"Q001","accept":true}}]}}"#,
                body(i, seed).id
            )
        })
        .collect();
    frame(records.iter().map(String::as_str), shape)
}

/// `bodies` submissions in `shape` (not Csv).
pub fn submissions(
    instrument_id: &str,
    questions: usize,
    bodies: usize,
    seed: u64,
    shape: Shape,
) -> String {
    if shape == Shape::Lines {
        return submissions_jsonl(instrument_id, questions, bodies, seed);
    }
    let records: Vec<String> = (0..bodies)
        .map(|i| {
            let mut line = String::new();
            submission_line(instrument_id, questions, &body(i, seed), seed, &mut line);
            line
        })
        .collect();
    frame(records.iter().map(String::as_str), shape)
}
