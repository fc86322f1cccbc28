//! A stage scored in parts, from a sheet of one row per judge and part
//! (`agency,stage,judge,part,score`): the rows gathered into one entry per body, stage
//! and judge, each problem placed at the row it is about.

use crate::model::verification::StageScore;
use crate::read::record::Record;
use crate::text::problem::{Problem, ProblemKind, Report};

/// Stage-score rows of one part each gathered into one entry a body, stage and judge
/// (at the line of its first row, in the order of first rows), then each such entry
/// checked, each problem placed at the row it is about: a part's value or name at that
/// part's row, a part missing at the judge's first row. A part given twice for one judge
/// (two judges' rows with the same `judge`, or none) is a problem of its second row,
/// never a sum.
pub(crate) fn gather_parts(
    rows: Vec<Record<StageScore>>,
    check: &dyn Fn(&StageScore) -> Report,
) -> Vec<Record<StageScore>> {
    /// Where each part of a gathered entry was given: (part, line, the row's path).
    type Given = Vec<(String, Option<usize>, String)>;
    let mut out: Vec<Record<StageScore>> = Vec::with_capacity(rows.len());
    let mut given: Vec<Given> = Vec::with_capacity(rows.len());
    let mut open: std::collections::HashMap<(String, String), usize> = Default::default();
    for mut record in rows {
        let key = match &record.value {
            Ok(entry) if !entry.parts.is_empty() => (entry.agency.clone(), entry.stage.clone()),
            _ => {
                out.push(record);
                given.push(Vec::new());
                continue;
            }
        };
        let parts: Given = match &record.value {
            Ok(entry) => (entry.parts.iter())
                .map(|(id, _)| (id.clone(), record.line, record.path.clone()))
                .collect(),
            Err(_) => Vec::new(),
        };
        let open_at = open.get(&key).copied();
        match open_at.and_then(|k| Some((out.get_mut(k)?, given.get_mut(k)?))) {
            Some((
                Record {
                    value: Ok(gathered),
                    ..
                },
                seen,
            )) => {
                let Ok(entry) = record.value else { continue };
                let twice = (parts.iter()).find_map(|(id, ..)| seen.iter().find(|(s, ..)| s == id));
                match twice {
                    Some((id, first, _)) => {
                        let (agency, judge) = key.0.split_once('\u{0}').unwrap_or((&key.0, ""));
                        let mut problem = part_twice(agency, judge, &key.1, id, *first);
                        problem.path = format!("{}{}", record.path, problem.path);
                        out.push(Record {
                            value: Err(
                                Report::from(problem).in_record(record.line.unwrap_or_default())
                            ),
                            ..record
                        });
                        given.push(Vec::new());
                    }
                    None => {
                        gathered.parts.extend(entry.parts);
                        seen.extend(parts);
                    }
                }
            }
            _ => {
                if let Ok(entry) = &mut record.value {
                    entry.agency = entry
                        .agency
                        .split('\u{0}')
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                }
                open.insert(key, out.len());
                out.push(record);
                given.push(parts);
            }
        }
    }
    for (record, seen) in out.iter_mut().zip(&given) {
        if let Ok(entry) = &mut record.value
            && !entry.parts.is_empty()
        {
            *entry = StageScore::in_parts(
                std::mem::take(&mut entry.agency),
                std::mem::take(&mut entry.stage),
                std::mem::take(&mut entry.parts),
            );
            let mut report = Report::new();
            for mut problem in check(entry) {
                // `/parts/ID`: at the row that gave that part; else the first row.
                let part = problem.path.strip_prefix("/parts/").map(str::to_owned);
                let at = part.and_then(|id| seen.iter().find(|(s, ..)| *s == id));
                let (line, path) = match at {
                    Some((_, line, path)) => (*line, path.as_str()),
                    None => (record.line, record.path.as_str()),
                };
                problem.path = format!("{path}{}", problem.path);
                problem.record = problem.record.or(line);
                report.push(problem);
            }
            if !report.is_empty() {
                record.value = Err(report);
            }
        }
    }
    out
}

/// A part given twice for one judge of one body's stage.
fn part_twice(agency: &str, judge: &str, stage: &str, part: &str, first: Option<usize>) -> Problem {
    let first = first.map_or(String::new(), |l| format!(" (the first at row {l})"));
    let pertama = first.replace("the first at row", "yang pertama di baris");
    let (who, siapa) = match judge {
        "" => (
            "the rows without a `judge`".to_owned(),
            "baris tanpa `judge`".to_owned(),
        ),
        judge => (format!("judge `{judge}`"), format!("juri `{judge}`")),
    };
    let hint = match judge {
        "" => "; name each judge in `judge`",
        _ => "",
    };
    let saran = match judge {
        "" => "; tulis nama tiap juri di `judge`",
        _ => "",
    };
    Problem::new(
        ProblemKind::DuplicateKey,
        format!("/parts/{part}"),
        format!(
            "expected part `{part}` once for {who} of `{agency}` in `{stage}`, found it \
             again{first}{hint}"
        ),
    )
    .with_indonesian(format!(
        "seharusnya bagian `{part}` sekali untuk {siapa} dari `{agency}` di `{stage}`, \
         ternyata ada lagi{pertama}{saran}"
    ))
}
