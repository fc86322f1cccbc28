//! `--format table`: the ranking, the summaries and the roll-up as plain text for
//! people at a terminal.

use std::fmt::Write as _;

use kip_index::{Instrument, Results};

use crate::terminal::printable;

pub(crate) fn render(results: &Results, instrument: &Instrument) -> String {
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
    let header = ["rank", "cat.", "reg.", "body", "category", "final"];
    let _ = writeln!(
        out,
        "{:>5} {:>5} {:>5}  {:<44} {:<24} {:>8}  qualification",
        header[0], header[1], header[2], header[3], header[4], header[5]
    );
    for card in &results.results {
        let rank = card.rank;
        let cell = |n: Option<usize>| n.map_or("-".to_owned(), |n| n.to_string());
        let _ = writeln!(
            out,
            "{:>5} {:>5} {:>5}  {:<44} {:<24} {:>8}  {}",
            cell(rank.map(|r| r.overall)),
            cell(rank.and_then(|r| r.category)),
            cell(rank.and_then(|r| r.region)),
            truncate(&format!("{} ({})", card.agency.name, card.agency.id), 44),
            truncate(
                &card
                    .agency
                    .category
                    .as_deref()
                    .map_or("-".to_owned(), category_of),
                24
            ),
            card.final_score.rounded(),
            name_of(&card.qualification)
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
                    ", mean {}, median {}, min {}, max {}",
                    s.mean, s.median, s.min, s.max
                )
            });
            let _ = writeln!(
                out,
                "{}: {} scored, {} not assessed, {} rejected{stats}; {}",
                category_of(id),
                group.scored,
                group.not_assessed,
                group.rejected,
                counts.join(", ")
            );
        }
    }
    if let Some(rollup) = &results.rollup {
        let score = rollup
            .score
            .map_or("no value".to_owned(), |s| s.rounded().to_string());
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
            "not assessed (Tidak Dinilai): {}",
            results.not_assessed.len()
        );
    }
    if !results.rejected.is_empty() {
        let _ = writeln!(out, "rejected submissions: {}", results.rejected.len());
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
