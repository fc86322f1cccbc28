//! The *Lampiran Perubahan* of amended results: each body whose standing the amendment
//! changed, before and after (final with the decimal comma, qualification, rank), as the
//! report shows it and the workbook's sheet lists it.

use std::fmt::Write as _;

use crate::batch::decree::{Amendment, Standing};
use crate::batch::results::Results;
use crate::model::instrument::Instrument;
use crate::publish::html::escape_html as escape;
use crate::publish::words::Words;

/// A standing as its cells: the final, the qualification's name, the rank (`–` for a
/// body added or gone).
pub(crate) fn cells(
    standing: Option<&Standing>,
    instrument: &Instrument,
    words: &Words,
) -> [String; 3] {
    match standing {
        None => ["–".to_owned(), "–".to_owned(), "–".to_owned()],
        Some(s) => [
            words.number(s.final_score),
            (instrument.qualifications.iter())
                .find(|q| q.id == s.qualification)
                .map_or_else(|| s.qualification.to_string(), |q| q.name.clone()),
            s.rank.map_or("–".to_owned(), |r| r.to_string()),
        ],
    }
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
pub(crate) fn section(results: &Results, instrument: &Instrument, words: &Words) -> String {
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
            for cell in cells(side.as_ref(), instrument, words) {
                let _ = write!(page, "<td>{}</td>", escape(&cell));
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></section>\n");
    page
}
