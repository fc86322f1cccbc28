//! `kip report --html`: one self-contained HTML page — no network, no scripts, no fonts
//! to fetch — with the ranking per category, each category's qualification distribution
//! as an inline SVG chart, every body's indicator profile, the not-assessed and rejected
//! lists and the roll-up.

use std::fmt::Write as _;

use kip_index::{Instrument, Results, Scorecard};

/// The page.
pub(crate) fn html(results: &Results, instrument: &Instrument) -> String {
    let mut page = String::with_capacity(64 * 1024 + results.results.len() * 2048);
    let title = escape(&instrument.name);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let _ = writeln!(
        page,
        "<p class=\"meta\">{} bodies scored · {} not assessed · {} rejected submissions · instrument <code>{}</code></p>",
        results.results.len(),
        results.not_assessed.len(),
        results.rejected.len(),
        escape(&instrument.id)
    );
    if let Some(rollup) = &results.rollup {
        let score = rollup
            .score
            .map_or("no value".to_owned(), |s| s.rounded().to_string());
        let _ = writeln!(
            page,
            "<section class=\"rollup\"><h2>{}</h2><p class=\"figure\">{}</p></section>",
            escape(&rollup.name),
            escape(&score)
        );
    }
    for category in &crate::category_groups(instrument) {
        let cards: Vec<&Scorecard> = results
            .results
            .iter()
            .filter(|c| crate::in_group(instrument, category, c.agency.category.as_deref()))
            .collect();
        if cards.is_empty() {
            continue;
        }
        let _ = writeln!(
            page,
            "<section class=\"category\"><h2>{}</h2>",
            escape(&category.name)
        );
        page.push_str(&chart(&cards, instrument));
        ranking(&mut page, &cards, instrument);
        page.push_str("</section>\n");
    }
    lists(&mut page, results);
    page.push_str("</body>\n</html>\n");
    page
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .5em;font-size:.9em}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}\
.meta{color:#555}.figure{font-size:2em;font-weight:bold}\
.bar{fill:#3a7bd5}.bar-label{font-size:11px}svg{display:block;margin:.5em 0}";

/// The qualification distribution of one category: one bar per qualification.
fn chart(cards: &[&Scorecard], instrument: &Instrument) -> String {
    let counts: Vec<(&str, usize)> = instrument
        .qualifications
        .iter()
        .map(|q| {
            let n = cards.iter().filter(|c| c.qualification == q.id).count();
            (q.name.as_str(), n)
        })
        .collect();
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (bar, gap, height) = (90usize, 20usize, 120usize);
    let width = counts.len() * (bar + gap) + gap;
    let mut svg = format!(
        "<svg class=\"distribution\" role=\"img\" width=\"{width}\" height=\"{}\" viewBox=\"0 0 {width} {}\" xmlns=\"http://www.w3.org/2000/svg\"><title>Qualification distribution</title>",
        height + 40,
        height + 40
    );
    for (k, (name, n)) in counts.iter().enumerate() {
        let h = n * height / most;
        let x = gap + k * (bar + gap);
        let y = height - h + 15;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\"/><text class=\"bar-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{n}</text><text class=\"bar-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + bar / 2,
            y.saturating_sub(3),
            x + bar / 2,
            height + 32,
            escape(name)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The category's ranking with each body's indicator profile.
fn ranking(page: &mut String, cards: &[&Scorecard], instrument: &Instrument) {
    let top: Vec<&kip_index::Indicator> = instrument.indicators.iter().collect();
    page.push_str("<table class=\"ranking\"><thead><tr><th>Rank</th><th>Body</th><th>Final</th><th>Qualification</th>");
    for stage in &instrument.stages {
        let _ = write!(page, "<th>{}</th>", escape(&stage.name));
    }
    for indicator in &top {
        let _ = write!(page, "<th>{}</th>", escape(&indicator.name));
    }
    page.push_str("</tr></thead><tbody>\n");
    let name_of = |id: &str| {
        instrument
            .qualifications
            .iter()
            .find(|q| q.id == id)
            .map_or(id.to_owned(), |q| q.name.clone())
    };
    for card in cards {
        let rank = card.rank.map_or("-".to_owned(), |r| {
            r.category.unwrap_or(r.overall).to_string()
        });
        let _ = write!(
            page,
            "<tr><td class=\"n\">{rank}</td><td>{} <small>({})</small></td><td class=\"n\">{}</td><td>{}</td>",
            escape(&card.agency.name),
            escape(&card.agency.id),
            card.final_score.rounded(),
            escape(&name_of(&card.qualification))
        );
        for stage in &instrument.stages {
            let _ = write!(page, "<td class=\"n\">{}</td>", cell(card.stage(&stage.id)));
        }
        for indicator in &top {
            let _ = write!(
                page,
                "<td class=\"n\">{}</td>",
                cell(card.indicator(&indicator.id))
            );
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
}

fn lists(page: &mut String, results: &Results) {
    if !results.not_assessed.is_empty() {
        page.push_str("<section><h2>Not assessed (Tidak Dinilai)</h2><ul>\n");
        for agency in &results.not_assessed {
            let _ = writeln!(
                page,
                "<li>{} <small>({}, {})</small></li>",
                escape(&agency.name),
                escape(&agency.id),
                escape(agency.category.as_deref().unwrap_or("-"))
            );
        }
        page.push_str("</ul></section>\n");
    }
    if !results.rejected.is_empty() {
        page.push_str("<section><h2>Rejected submissions</h2><ul>\n");
        for rejected in &results.rejected {
            let reasons: Vec<String> = rejected
                .errors
                .iter()
                .map(|p| escape(&format!("{} {}", p.path, p.message)))
                .collect();
            let _ = writeln!(
                page,
                "<li><code>{}</code> {}: {}</li>",
                escape(&rejected.source),
                escape(rejected.agency.as_deref().unwrap_or("")),
                reasons.join("; ")
            );
        }
        page.push_str("</ul></section>\n");
    }
}

fn cell(score: Option<kip_index::Score>) -> String {
    score.map_or("–".to_owned(), |s| s.rounded().to_string())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
