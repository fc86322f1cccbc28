//! The *Lampiran Perubahan* of amended results: each body whose standing the amendment
//! changed, before and after (final with the decimal comma, qualification, rank), as the
//! report shows it and the workbook's sheet lists it; and the report's section per
//! verification round (the *masa sanggah*): the decisions it changed, and the bodies
//! whose final or qualification moved.

use std::fmt::Write as _;

use crate::batch::decree::{Amendment, Standing};
use crate::batch::results::Results;
use crate::publish::html::escape_html as escape;
use crate::publish::words::Words;

/// A standing as its cells: the final, the qualification's name, the rank (`–` for a
/// body added or gone).
pub(crate) fn cells(standing: Option<&Standing>, results: &Results, words: &Words) -> [String; 3] {
    match standing {
        None => ["–".to_owned(), "–".to_owned(), "–".to_owned()],
        Some(s) => [
            words.number(s.final_score),
            qualification(results, &s.qualification),
            s.rank.map_or("–".to_owned(), |r| r.to_string()),
        ],
    }
}

/// A qualification's name (its id when the results do not know it).
fn qualification(results: &Results, id: &str) -> String {
    results.qualification_name(id).unwrap_or(id).to_owned()
}

/// What the amendment says of itself: the decree it amends, why, and the proof.
pub(crate) fn heading(amendment: &Amendment, words: &Words) -> String {
    let amends = amendment.amends.as_deref().map_or(String::new(), |n| {
        format!("{} {} {n} · ", words.amends, words.decree.to_lowercase())
    });
    format!(
        "{amends}{}: {} · SHA-256 {}",
        words.reason, amendment.reason, amendment.amends_sha256
    )
}

/// The report's section, empty when the results amend nothing.
pub(crate) fn section(results: &Results, words: &Words) -> String {
    let Some(amendment) = &results.amendment else {
        return String::new();
    };
    let mut page = String::new();
    let _ = writeln!(
        page,
        "<section class=\"annex\" id=\"perubahan\"><h2>{}</h2><p>{}</p>",
        words.changes_annex,
        escape(&heading(amendment, words))
    );
    let [body, before, after] = [words.body, words.before, words.after];
    let _ = write!(
        page,
        "<table class=\"annex\"><thead><tr><th rowspan=\"2\">{body}</th><th colspan=\"3\">{before}</th><th colspan=\"3\">{after}</th></tr><tr>"
    );
    for _ in 0..2 {
        let _ = write!(
            page,
            "<th>{}</th><th>{}</th><th>{}</th>",
            words.final_score, words.qualification, words.rank_overall
        );
    }
    page.push_str("</tr></thead><tbody>\n");
    for change in &amendment.changes {
        let _ = write!(
            page,
            "<tr data-agency=\"{}\"><td><bdi>{}</bdi> <small>(<bdi>{}</bdi>)</small></td>",
            escape(&change.agency),
            escape(&change.name),
            escape(&change.agency)
        );
        for side in [&change.before, &change.after] {
            for cell in cells(side.as_ref(), results, words) {
                let _ = write!(page, "<td>{}</td>", escape(&cell));
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></section>\n");
    page
}

/// The report's sections, one per later verification round, in the order the rounds
/// first appear: each answer whose score the round changed, then each body whose final
/// or qualification it moved. Empty without rounds.
pub(crate) fn rounds_section(results: &Results, words: &Words) -> String {
    let mut rounds: Vec<&str> = Vec::new();
    for card in &results.results {
        for standing in card.diagnostics.before_rounds() {
            if !rounds.contains(&standing.round.as_str()) {
                rounds.push(&standing.round);
            }
        }
    }
    let mut page = String::new();
    for round in rounds {
        let _ = writeln!(
            page,
            "<section class=\"round\" data-round=\"{}\"><h2>{} <bdi>{}</bdi></h2>",
            escape(round),
            words.round,
            escape(round)
        );
        let _ = write!(
            page,
            "<h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            words.decisions_changed,
            words.body,
            words.question,
            words.before,
            words.after,
            words.note
        );
        for card in &results.results {
            for change in (card.diagnostics.round_changes().iter()).filter(|c| c.round == round) {
                let _ = writeln!(
                    page,
                    "<tr><td><bdi>{}</bdi> <small>(<bdi>{}</bdi>)</small></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&card.agency.name),
                    escape(&card.agency.id),
                    escape(&change.question),
                    words.number(change.before.rounded()),
                    words.number(change.after.rounded()),
                    escape(change.note.as_deref().unwrap_or(""))
                );
            }
        }
        let _ = write!(
            page,
            "</tbody></table><h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            words.bodies_moved, words.body, words.final_score, words.qualification
        );
        for card in &results.results {
            let standings = card.diagnostics.before_rounds();
            let Some(k) = standings.iter().position(|s| s.round == round) else {
                continue;
            };
            let Some(before) = standings.get(k) else {
                continue;
            };
            // After this round: before the next one, or as published.
            let (after_final, after_qualification) = match standings.get(k + 1) {
                Some(next) => (next.final_score, next.qualification.as_str()),
                None => (card.final_score, card.qualification.as_str()),
            };
            if before.final_score.rounded() == after_final.rounded()
                && before.qualification.as_str() == after_qualification
            {
                continue;
            }
            let _ = writeln!(
                page,
                "<tr data-agency=\"{}\"><td><bdi>{}</bdi> <small>(<bdi>{}</bdi>)</small></td><td>{} → {}</td><td>{} → {}</td></tr>",
                escape(&card.agency.id),
                escape(&card.agency.name),
                escape(&card.agency.id),
                words.number(before.final_score.rounded()),
                words.number(after_final.rounded()),
                escape(&qualification(results, &before.qualification)),
                escape(&qualification(results, after_qualification))
            );
        }
        page.push_str("</tbody></table></section>\n");
    }
    page
}
