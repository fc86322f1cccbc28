//! Participation for people (`kip progress`): one printable page per superior (*atasan*)
//! — a letter under the commission's heading naming the bodies under it that are not
//! complete and what each lacks — and the same as a workbook.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::batch::progress::{BodyProgress, Progress, State, StateCounts};
use crate::text::language::Language;

use super::PublishError;
use super::html::escape_html;
use super::letterhead::Letterhead;
use super::words::Words;

/// Participation as HTML: one page per superior to print and send.
///
/// ```
/// use kip_index::{BatchFiles, Language, Letterhead, NamedBytes, ProgressPages};
///
/// let instrument = std::fs::read("examples/progress-2025/instrument.json")?;
/// let sent = std::fs::read("examples/progress-2025/submissions.jsonl")?;
/// let roster = std::fs::read("examples/progress-2025/roster.csv")?;
/// let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
/// files.submissions.push(NamedBytes::new("submissions.jsonl", &sent));
/// files.roster.push(NamedBytes::new("roster.csv", &roster));
/// let progress = files.progress(Language::Indonesian)?;
/// let pages = ProgressPages {
///     language: Language::Indonesian,
///     letterhead: &Letterhead::default(),
///     instrument: "Monev KIP 2025",
///     made: "2025-09-29",
/// };
/// let html = pages.html(&progress);
/// assert_eq!(html.matches("<section class=\"letter\">").count(), 2);
/// assert!(html.contains("Bupati Pandeglang"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ProgressPages<'a> {
    /// The language of the pages.
    pub language: Language,
    /// The commission's heading, on every page.
    pub letterhead: &'a Letterhead,
    /// The instrument's name, under the heading.
    pub instrument: &'a str,
    /// The day the pages are made, as the caller writes it (the library reads no
    /// clock).
    pub made: &'a str,
}

impl ProgressPages<'_> {
    /// The whole document: on screen, the counts per superior first; in print, one page
    /// per superior (bodies with none on a last page of their own).
    pub fn html(&self, progress: &Progress) -> String {
        let words = Words::of(self.language);
        let mut body = String::new();
        body.push_str(&self.overview(progress, words));
        for (superior, bodies) in progress.by_superior_bodies() {
            body.push_str(&self.letter(progress, superior, &bodies, words));
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{}</title><style>{STYLE}</style></head><body>\n{body}</body></html>\n",
            words.html_lang,
            super::html::PAGE_CSP,
            escape_html(words.progress_title)
        )
    }

    /// The counts per superior, for the screen only.
    fn overview(&self, progress: &Progress, words: &Words) -> String {
        let mut html = format!(
            "<section class=\"noprint\"><h1>{} — <bdi>{}</bdi></h1><p class=\"meta\">{} {}</p>",
            escape_html(words.progress_title),
            escape_html(self.instrument),
            escape_html(words.as_of),
            escape_html(self.made)
        );
        html.push_str(&counts_table(
            words.superior,
            superior_rows(progress, words),
            &progress.total,
            words,
            self.language,
        ));
        // What no superior's page can hold: records that name no body, and bodies that
        // sent though the roster does not list them.
        if !progress.unplaced.is_empty() {
            html.push_str(&format!("<h2>{}</h2><ul>", escape_html(words.unplaced)));
            for reason in &progress.unplaced {
                html.push_str(&format!(
                    "<li><bdi>{}</bdi></li>",
                    escape_html(&reason.place_and_message())
                ));
            }
            html.push_str("</ul>");
        }
        if !progress.not_on_roster.is_empty() {
            html.push_str(&format!(
                "<h2>{}</h2><ul>",
                escape_html(words.not_on_roster_sheet)
            ));
            for body in &progress.not_on_roster {
                html.push_str(&format!(
                    "<li><bdi>{}</bdi> (<bdi>{}</bdi>): {}</li>",
                    escape_html(body.name.as_deref().unwrap_or_default()),
                    escape_html(&body.id),
                    escape_html(body.state.label(self.language))
                ));
            }
            html.push_str("</ul>");
        }
        html.push_str("</section>\n");
        html
    }

    /// One superior's page: the heading, to whom, the counts, the bodies not complete.
    fn letter(
        &self,
        progress: &Progress,
        superior: Option<&str>,
        bodies: &[&BodyProgress],
        words: &Words,
    ) -> String {
        let mut html = String::from("<section class=\"letter\">");
        // A letter on participation is published under no decree: the heading without one.
        let heading = Letterhead {
            decree: None,
            ..self.letterhead.clone()
        };
        html.push_str(&heading.heading(words.monev, words.decree));
        html.push_str(&format!(
            "<h1>{} — <bdi>{}</bdi></h1>",
            escape_html(words.progress_title),
            escape_html(self.instrument)
        ));
        match superior {
            Some(superior) => html.push_str(&format!(
                "<p class=\"to\">{}<br><b><bdi>{}</bdi></b></p>",
                escape_html(words.to_superior),
                escape_html(superior)
            )),
            None => html.push_str(&format!(
                "<p class=\"to\"><b>{}</b></p>",
                escape_html(words.without_superior)
            )),
        }
        let mut counts = StateCounts::default();
        for body in bodies {
            counts.add(body.state);
        }
        let mut line = format!(
            "{} {}: {} {}",
            escape_html(words.as_of),
            escape_html(self.made),
            counts.due,
            escape_html(words.of_bodies)
        );
        for state in State::ALL {
            line.push_str(&format!(
                " · {} {}",
                escape_html(state.label(self.language)),
                counts.of(state)
            ));
        }
        html.push_str(&format!("<p class=\"meta\">{line}</p>"));
        if let Some(deadline) = &progress.deadline {
            html.push_str(&format!(
                "<p class=\"meta\">{}: <bdi>{}</bdi></p>",
                escape_html(words.deadline),
                escape_html(deadline.as_str())
            ));
        }
        // Every body with something to do: not complete, or a rater's copy rejected.
        let open: Vec<&&BodyProgress> = (bodies.iter()).filter(|b| !b.lacks.is_empty()).collect();
        if open.is_empty() {
            html.push_str(&format!("<p>{}</p>", escape_html(words.all_complete)));
        } else {
            html.push_str(&format!(
                "<p>{}</p><table class=\"open\"><colgroup><col class=\"n\"><col class=\"body\">\
                 <col class=\"state\"><col><col class=\"contact\"></colgroup><thead><tr><th>No.</th><th>{}</th><th>{}</th><th>{}</th>\
                 <th>{}</th></tr></thead><tbody>",
                escape_html(words.not_complete_intro),
                escape_html(words.body),
                escape_html(words.state),
                escape_html(words.lacks),
                escape_html(words.contact)
            ));
            for (k, body) in open.iter().enumerate() {
                html.push_str(&format!(
                    "<tr><td class=\"n\">{}</td><td><bdi>{}</bdi><div class=\"id\"><bdi>{}</bdi></div></td>\
                     <td class=\"state {}\">{}</td><td>{}</td><td><bdi>{}</bdi></td></tr>",
                    k + 1,
                    escape_html(body.name.as_deref().unwrap_or(&body.id)),
                    escape_html(&body.id),
                    body.state.as_str(),
                    escape_html(body.state.label(self.language)),
                    escape_html(&body.lacks),
                    escape_html(body.contact.as_deref().unwrap_or_default())
                ));
            }
            html.push_str("</tbody></table>");
        }
        html.push_str(&self.letterhead.signature());
        html.push_str("</section>\n");
        html
    }
}

/// The counts per superior, then those of the bodies with none (when there are some):
/// rows that add up to the total.
fn superior_rows<'a>(
    progress: &'a Progress,
    words: &'a Words,
) -> impl Iterator<Item = (&'a str, &'a StateCounts)> {
    let none = (progress.without_superior.due > 0)
        .then_some((words.without_superior, &progress.without_superior));
    (progress.by_superior.iter())
        .map(|(k, c)| (k.as_str(), c))
        .chain(none)
}

/// A table of counts by group, with the total under it.
fn counts_table<'a>(
    heading: &str,
    groups: impl Iterator<Item = (&'a str, &'a StateCounts)>,
    total: &StateCounts,
    words: &Words,
    language: Language,
) -> String {
    let mut html = format!(
        "<table class=\"counts\"><thead><tr><th>{}</th><th>{}</th>",
        escape_html(heading),
        escape_html(words.due)
    );
    for state in State::ALL {
        html.push_str(&format!("<th>{}</th>", escape_html(state.label(language))));
    }
    html.push_str("</tr></thead><tbody>");
    let row = |name: &str, c: &StateCounts, class: &str| {
        let mut row = format!(
            "<tr{class}><td><bdi>{}</bdi></td><td class=\"n\">{}</td>",
            escape_html(name),
            c.due
        );
        for state in State::ALL {
            row.push_str(&format!("<td class=\"n\">{}</td>", c.of(state)));
        }
        row.push_str("</tr>");
        row
    };
    for (name, counts) in groups {
        html.push_str(&row(name, counts, ""));
    }
    html.push_str(&row(words.total, total, " class=\"total\""));
    html.push_str("</tbody></table>");
    html
}

/// Participation as a workbook (`kip progress -o kemajuan.xlsx`): every body with its
/// state, counts and what it lacks; the counts per superior and per category; the
/// bodies off the roster — headings in `language`.
///
/// ```
/// use kip_index::{BatchFiles, Language, NamedBytes};
///
/// let instrument = std::fs::read("examples/progress-2025/instrument.json")?;
/// let sent = std::fs::read("examples/progress-2025/submissions.jsonl")?;
/// let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
/// files.submissions.push(NamedBytes::new("submissions.jsonl", &sent));
/// let progress = files.progress(Language::Indonesian)?;
/// let bytes = kip_index::progress_workbook(&progress, Language::Indonesian)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn progress_workbook(progress: &Progress, language: Language) -> Result<Vec<u8>, PublishError> {
    workbook(progress, language).map_err(|e| PublishError::Workbook(e.to_string()))
}

fn workbook(progress: &Progress, language: Language) -> Result<Vec<u8>, XlsxError> {
    let words = Words::of(language);
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(words.progress_sheet)?;
    bodies_sheet(sheet, &progress.bodies, words, language, &bold)?;
    let sheet = book.add_worksheet();
    sheet.set_name(words.by_superior)?;
    let rows: Vec<(&str, &StateCounts)> = superior_rows(progress, words).collect();
    counts_sheet(
        sheet,
        words.superior,
        &rows,
        progress,
        words,
        language,
        &bold,
    )?;
    let sheet = book.add_worksheet();
    sheet.set_name(words.by_category)?;
    let rows = progress.by_category_named();
    counts_sheet(
        sheet,
        words.category,
        &rows,
        progress,
        words,
        language,
        &bold,
    )?;
    if !progress.not_on_roster.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(words.not_on_roster_sheet)?;
        bodies_sheet(sheet, &progress.not_on_roster, words, language, &bold)?;
    }
    if !progress.unplaced.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(words.unplaced)?;
        sheet.write_string_with_format(0, 0, words.unplaced, &bold)?;
        for (k, reason) in progress.unplaced.iter().enumerate() {
            let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
            super::workbook::text(sheet, row, 0, &reason.place_and_message())?;
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}

fn bodies_sheet(
    sheet: &mut Worksheet,
    bodies: &[BodyProgress],
    words: &Words,
    language: Language,
    bold: &Format,
) -> Result<(), XlsxError> {
    let titles = [
        words.agency_id,
        words.agency_name,
        words.category,
        words.region,
        words.superior,
        words.contact,
        words.state,
        words.answered,
        words.applicable,
        words.lacks,
    ];
    super::workbook::header(sheet, &titles, bold)?;
    for (k, body) in bodies.iter().enumerate() {
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        let texts = [
            body.id.as_str(),
            body.name.as_deref().unwrap_or_default(),
            (body.category_name.as_deref())
                .or(body.category.as_deref())
                .unwrap_or_default(),
            body.region.as_deref().unwrap_or_default(),
            body.superior.as_deref().unwrap_or_default(),
            body.contact.as_deref().unwrap_or_default(),
            body.state.label(language),
        ];
        for (col, text) in texts.iter().enumerate() {
            super::workbook::text(sheet, row, col as u16, text)?;
        }
        for (col, count) in [(7, body.answered), (8, body.applicable)] {
            if let Some(count) = count {
                sheet.write_number(row, col, count as f64)?;
            }
        }
        super::workbook::text(sheet, row, 9, &body.lacks)?;
    }
    sheet.autofit();
    Ok(())
}

fn counts_sheet(
    sheet: &mut Worksheet,
    heading: &str,
    groups: &[(&str, &StateCounts)],
    progress: &Progress,
    words: &Words,
    language: Language,
    bold: &Format,
) -> Result<(), XlsxError> {
    let states = State::ALL.map(|state| state.label(language));
    let titles: Vec<&str> = [heading, words.due].into_iter().chain(states).collect();
    super::workbook::header(sheet, &titles, bold)?;
    let rows = (groups.iter().copied()).chain([(words.total, &progress.total)]);
    for (k, (name, counts)) in rows.enumerate() {
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        super::workbook::text(sheet, row, 0, name)?;
        sheet.write_number(row, 1, counts.due as f64)?;
        for (col, state) in State::ALL.iter().enumerate() {
            sheet.write_number(row, col as u16 + 2, counts.of(*state) as f64)?;
        }
    }
    sheet.autofit();
    Ok(())
}

/// Sized for A4: each superior's letter one page.
const STYLE: &str = "@page{size:A4;margin:15mm 15mm}\
body{font-family:sans-serif;color:#222;margin:1.5em;font-size:10pt;line-height:1.3}\
h1{font-size:13pt;margin:.4em 0}table{border-collapse:collapse;width:100%;margin:.5em 0}\
th,td{border:1px solid #ccc;padding:2px 5px;font-size:9pt;vertical-align:top}\
td{overflow-wrap:anywhere}table.open{table-layout:fixed}table.open col.n{width:2.2em}\
table.open col.body{width:30%}table.open col.state{width:7.5em}table.open col.contact{width:22%}\
th{background:#eee;text-align:left;white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}\
td.state{overflow-wrap:normal}\
tr.total td{font-weight:bold}.id{color:#666;font-size:8pt}.meta{color:#555;font-size:9pt}\
td.state.rejected,td.state.late{color:#8a1c00}td.state.not_received{color:#8a4b00}\
.kop{display:flex;align-items:center;gap:10px;border-bottom:2px solid #222;padding-bottom:3px;margin-bottom:6px}\
.kop .logo{height:44px}.kop .commission{font-weight:bold;font-size:12pt}\
.signature{margin:1.5em 0 0 60%}.sign-space{height:3em}.signature .name{font-weight:bold;text-decoration:underline}\
.letter{max-width:180mm;margin:0 auto}.to,h1,.meta{overflow-wrap:anywhere}tr{break-inside:avoid}\
@media screen{.letter{border-top:2px solid #ccc;padding-top:1em;margin-top:2em}}\
@media print{body{margin:0}.noprint{display:none}.letter{break-after:page;page-break-after:always}\
.letter:last-of-type{break-after:auto;page-break-after:auto}}";
