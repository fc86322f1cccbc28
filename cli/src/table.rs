//! `--format table`: the ranking, the summaries and the roll-up as plain text for
//! people at a terminal.

use std::fmt::Write as _;

use kip_index::{Instrument, Results};

use crate::lang::Lang;
use crate::terminal::printable;

pub(crate) fn render(results: &Results, instrument: &Instrument, lang: Lang) -> String {
    let words = lang.words();
    let name_of = |id: &str| {
        instrument
            .qualifications
            .iter()
            .find(|q| q.id == id)
            .map_or(printable(id), |q| printable(&q.name))
            .into_owned()
    };
    let category_of = |id: &str| {
        instrument
            .category(id)
            .map_or(printable(id), |c| printable(&c.name))
            .into_owned()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({})",
        printable(&instrument.name),
        printable(&instrument.id)
    );
    // The decree the results are published under, and what they amend, said first.
    if let Some(decree) = &results.decree {
        let date =
            (decree.date.as_deref()).map_or(String::new(), |d| format!(" ({})", printable(d)));
        let _ = writeln!(out, "{} {}{date}", words.decree, printable(&decree.number));
    }
    if let Some(amendment) = &results.amendment {
        let amends = (amendment.amends.as_deref()).map_or(String::new(), |n| {
            format!(" {} {}", words.decree.to_lowercase(), printable(n))
        });
        let (bodies, see) = match lang.language() {
            kip_index::Language::English => (
                "bodies changed",
                "each in the JSON's `amendment` and the report's Lampiran Perubahan",
            ),
            _ => (
                "badan publik berubah",
                "masing-masing di `amendment` JSON dan Lampiran Perubahan laporan",
            ),
        };
        let _ = writeln!(
            out,
            "{}{amends}: {} {bodies} ({}: {}); {see}",
            words.amends,
            amendment.changes.len(),
            words.reason.to_lowercase(),
            printable(&amendment.reason)
        );
    }
    // Columns as wide as their longest cell (names are not cut below 100 characters).
    let body = |card: &kip_index::Scorecard| {
        truncate(&format!("{} ({})", card.agency.name, card.agency.id), 100)
    };
    let category = |card: &kip_index::Scorecard| {
        let id = card.agency.category.as_deref();
        truncate(&id.map_or("-".to_owned(), category_of), 100)
    };
    let width = |cells: &mut dyn Iterator<Item = String>, heading: &str| {
        cells
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
            .max(heading.chars().count())
    };
    let body_width = width(&mut results.results.iter().map(body), words.body);
    let category_width = width(&mut results.results.iter().map(category), words.category);
    let _ = writeln!(
        out,
        "{:>5} {:>5} {:>5}  {:<body_width$}  {:<category_width$}  {:>11}  {}",
        words.rank_columns[0],
        words.rank_columns[1],
        words.rank_columns[2],
        words.body,
        words.category,
        words.final_score,
        words.qualification
    );
    for card in &results.results {
        let rank = card.rank;
        let cell = |n: Option<usize>| n.map_or("-".to_owned(), |n| n.to_string());
        let _ = writeln!(
            out,
            "{:>5} {:>5} {:>5}  {:<body_width$}  {:<category_width$}  {:>11}  {}",
            cell(rank.map(|r| r.overall)),
            cell(rank.and_then(|r| r.category)),
            cell(rank.and_then(|r| r.region)),
            body(card),
            category(card),
            words.number(card.final_score.rounded()),
            name_of(&card.qualification)
        );
    }
    // Each gated stage: its rule, and how many bodies passed it (*lolos*).
    for (k, stage) in instrument.stages.iter().enumerate() {
        let Some(gate) = &stage.requires else {
            continue;
        };
        let passed = |want: bool| {
            (results.results.iter())
                .filter(|c| c.stages.get(k).and_then(|s| s.passed) == Some(want))
                .count()
        };
        let _ = writeln!(
            out,
            "{} — {} {}: {} {}, {} {}",
            printable(&stage.name),
            words.gate_legend[1],
            printable(&gate.rule(instrument, words.language())),
            passed(true),
            words.passed,
            passed(false),
            words.not_passed
        );
    }
    if let Some(summary) = &results.summary {
        for (id, group) in &summary.categories {
            if group.scored == 0 && group.due.is_none_or(|d| d == 0) {
                continue;
            }
            let counts: Vec<String> = group
                .qualifications
                .iter()
                .map(|(q, c)| format!("{} {}", name_of(q), c.count))
                .collect();
            let stats = group.statistics.map_or(String::new(), |s| {
                format!(
                    ", {} {}, {} {}, {} {}, {} {}",
                    words.mean.to_lowercase(),
                    words.number(s.mean),
                    words.median.to_lowercase(),
                    words.number(s.median),
                    words.min.to_lowercase(),
                    words.number(s.min),
                    words.max.to_lowercase(),
                    words.number(s.max)
                )
            });
            // Due = scored + rejected + not assessed: each body in one count.
            let due = group.due.map_or(String::new(), |d| {
                match group.not_on_roster.filter(|n| *n > 0) {
                    Some(n) => format!(
                        "{} {d} (+{n} {}) = ",
                        words.due.to_lowercase(),
                        words.not_on_roster
                    ),
                    None => format!("{} {d} = ", words.due.to_lowercase()),
                }
            });
            let late = match group.late {
                Some(n) if n > 0 => format!(" ({n} {})", words.late.to_lowercase()),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{}: {due}{} {}, {} {}, {} {}{late}{stats}; {}",
                category_of(id),
                group.scored,
                words.scored.to_lowercase(),
                group.rejected,
                words.rejected.to_lowercase(),
                group.not_assessed,
                words.not_assessed.to_lowercase(),
                counts.join(", ")
            );
        }
    }
    if let Some(rollup) = &results.rollup {
        let score = rollup
            .score
            .map_or(words.no_value.to_owned(), |s| words.number(s.rounded()));
        let _ = writeln!(
            out,
            "{} ({}): {score}",
            printable(&rollup.name),
            printable(&rollup.id)
        );
    }
    if !results.not_assessed.is_empty() {
        let _ = writeln!(
            out,
            "{} ({}):",
            words.not_assessed,
            results.not_assessed.len()
        );
        for body in &results.not_assessed {
            let agency = &body.agency;
            let category = agency
                .category
                .as_deref()
                .map_or("-".to_owned(), category_of);
            let _ = writeln!(
                out,
                "  {} ({}), {category}: {}",
                printable(&agency.name),
                printable(&agency.id),
                printable(&words.not_assessed_why(body, results.deadline.as_ref()))
            );
        }
    }
    if !results.rejected.is_empty() {
        let _ = writeln!(
            out,
            "{} ({}):",
            words.rejected_submissions,
            results.rejected.len()
        );
        // Each with its first reason; every reason is in the JSON, workbook and report.
        for rejected in &results.rejected {
            let reason = rejected.errors.first().map_or(String::new(), |p| {
                format!("{} {}", p.path, p.message_in(words.language()))
                    .trim()
                    .to_owned()
            });
            let more = match rejected.errors.len() {
                0 | 1 => String::new(),
                n => format!(" (+{})", n - 1),
            };
            let _ = writeln!(
                out,
                "  {} {}: {}{more}",
                printable(&rejected.source.to_string()),
                printable(rejected.agency.as_deref().unwrap_or("")),
                truncate(&reason, 400)
            );
        }
    }
    out
}

/// At most `width` characters, escaped for the terminal, cut with `…`.
fn truncate(text: &str, width: usize) -> String {
    let text = printable(text);
    if text.chars().count() <= width {
        text.into_owned()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
