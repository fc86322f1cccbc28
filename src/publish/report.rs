//! The HTML report (`kip report`): one self-contained page — no network, no scripts, no
//! fonts to fetch — with the ranking per category, each category's qualification
//! distribution as an inline SVG chart, every body's indicator profile, the not-assessed
//! and rejected lists, the annex (*Lampiran*) and the roll-up.

use std::fmt::Write as _;

use crate::batch::results::Results;
use crate::insight::annex::{Annex, AnnexRanks};
use crate::model::instrument::{Category, Instrument};
use crate::score::card::{Score, Scorecard};
use crate::text::language::Language;

use super::html::{PAGE_CSP as CSP, escape_html as escape};
use super::letterhead::Letterhead;
use super::words::Words;

/// What the page shows, and in which language.
///
/// ```
/// use kip_index::{AnnexRanks, BatchTexts, Letterhead, NamedText, ReportPage};
///
/// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
/// let kabkota =
///     std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let mut texts = BatchTexts::new(NamedText::new("instrument", &instrument));
/// texts.submissions.push(NamedText::new("submissions", &kabkota));
/// texts.without_stage_scores = true;
/// let plan = kip_index::plan_of(texts.instrument)?;
/// let results = texts.score()?;
/// let mut letterhead = Letterhead::default();
/// letterhead.commission = Some("Komisi Informasi Provinsi Banten".into());
/// let mut page = ReportPage::new(plan.instrument(), &results);
/// page.annex_ranks = AnnexRanks::TopQualification;
/// page.letterhead = &letterhead;
/// page.made = "2025-12-10";
/// let html = page.html();
/// assert!(html.contains("id=\"lampiran\""));
/// assert!(html.contains("Komisi Informasi Provinsi Banten"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
pub struct ReportPage<'a> {
    /// The batch's results.
    pub results: &'a Results,
    /// The instrument they were scored by.
    pub instrument: &'a Instrument,
    /// The language of the page's words (Indonesian by default).
    pub language: Language,
    /// Every input file's name and SHA-256 (hex), listed at the foot.
    pub inputs: &'a [(String, String)],
    /// Which bodies of the annex (*Lampiran*, the ranked lists as a decree publishes
    /// them) carry a rank.
    pub annex_ranks: AnnexRanks,
    /// The commission's heading.
    pub letterhead: &'a Letterhead,
    /// When the page was made, as it is shown (`2025-12-10`): the library reads no clock.
    pub made: &'a str,
}

/// No heading: what a page starts with.
static NO_LETTERHEAD: Letterhead = Letterhead {
    commission: None,
    year: None,
    decree: None,
    place_date: None,
    signatory: None,
    logo: None,
};

impl<'a> ReportPage<'a> {
    /// The page of `results` scored by `instrument`: in Indonesian, every body of the
    /// annex ranked, no heading, no inputs listed, no date; set the fields to change them.
    pub fn new(instrument: &'a Instrument, results: &'a Results) -> ReportPage<'a> {
        ReportPage {
            results,
            instrument,
            language: Language::default(),
            inputs: &[],
            annex_ranks: AnnexRanks::All,
            letterhead: &NO_LETTERHEAD,
            made: "",
        }
    }

    /// The page.
    pub fn html(&self) -> String {
        let (results, instrument, words) =
            (self.results, self.instrument, Words::of(self.language));
        let mut page = String::with_capacity(64 * 1024 + results.results.len() * 2048);
        let title = escape(&instrument.name);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{}<h1>{title}</h1>\n",
            words.html_lang,
            self.letterhead.heading(words.monev, words.decree)
        );
        let mut deadline = (results.deadline.as_ref()).map_or(String::new(), |d| {
            format!(" · {} <code>{}</code>", words.deadline, escape(d.as_str()))
        });
        if let Some(decree) = &results.decree {
            let date = (decree.date.as_deref())
                .map_or(String::new(), |d| format!(" (<bdi>{}</bdi>)", escape(d)));
            let _ = write!(
                deadline,
                " · {} <bdi>{}</bdi>{date}",
                words.decree,
                escape(&decree.number)
            );
        }
        let _ = writeln!(
            page,
            "<p class=\"meta\">{} {} · {} {} · {} {} · {} <code>{}</code>{deadline} · {} {} (UTC)</p>",
            results.results.len(),
            words.bodies_scored,
            results.not_assessed.len(),
            words.not_assessed.to_lowercase(),
            results.rejected.len(),
            words.rejected_submissions.to_lowercase(),
            words.instrument,
            escape(&instrument.id),
            words.made,
            escape(self.made)
        );
        self.warnings(&mut page, words);
        if let Some(rollup) = &results.rollup {
            let score = rollup
                .score
                .map_or(words.no_value.to_owned(), |s| words.number(s.rounded()));
            let _ = writeln!(
                page,
                "<section class=\"rollup\"><h2>{}</h2><p class=\"figure\">{}</p></section>",
                escape(&rollup.name),
                escape(&score)
            );
        }
        for category in &category_groups(instrument) {
            let cards: Vec<&Scorecard> = results
                .results
                .iter()
                .filter(|c| in_group(instrument, category, c.agency.category.as_deref()))
                .collect();
            // A category with bodies due or rejected but none scored still shows its
            // counts: nobody vanishes from the page.
            let counted = (results.summary.as_ref())
                .and_then(|s| s.categories.iter().find(|(id, _)| *id == category.id))
                .is_some_and(|(_, g)| {
                    g.due.is_some_and(|d| d > 0) || g.rejected > 0 || g.not_assessed > 0
                });
            if cards.is_empty() && !counted {
                continue;
            }
            let _ = writeln!(
                page,
                "<section class=\"category\"><h2>{}</h2>",
                escape(&category.name)
            );
            self.statistics(&mut page, &category.id, words);
            if !cards.is_empty() {
                page.push_str(&chart(&cards, instrument, words));
                ranking(&mut page, &cards, instrument, words);
            }
            page.push_str("</section>\n");
        }
        lists(&mut page, results, instrument, words);
        self.annex(&mut page, words);
        page.push_str(&super::changes::rounds_section(results, words));
        page.push_str(&super::changes::section(results, words));
        page.push_str(&self.letterhead.signature());
        self.provenance(&mut page, words);
        page.push_str("</body>\n</html>\n");
        page
    }

    /// The annex (*Lampiran*): each category's list as a decree publishes it.
    fn annex(&self, page: &mut String, words: &Words) {
        let annex = Annex::of(self.instrument, self.results, self.annex_ranks);
        if annex.categories.is_empty() {
            return;
        }
        let _ = writeln!(
            page,
            "<section class=\"annex\" id=\"lampiran\"><h2>{}</h2>",
            words.annex
        );
        if self.annex_ranks == AnnexRanks::TopQualification {
            let _ = writeln!(page, "<p class=\"legend\">{}</p>", words.annex_note);
        }
        for category in &annex.categories {
            let _ = write!(
                page,
                "<h3>{}</h3><table class=\"annex\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                escape(&category.name),
                words.rank,
                words.body,
                words.final_score,
                words.qualification,
                words.status
            );
            for entry in &category.entries {
                let note = words.unscored(entry.unscored.as_ref());
                let name = if entry.agency.name.is_empty() {
                    isolated(&entry.agency.id)
                } else {
                    format!(
                        "<bdi>{}</bdi> <small>(<bdi>{}</bdi>)</small>",
                        escape(&entry.agency.name),
                        escape(&entry.agency.id)
                    )
                };
                let _ = write!(
                    page,
                    "<tr><td class=\"n\">{}</td><td>{name}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                    entry.rank.map_or(String::new(), |r| r.to_string()),
                    entry
                        .final_score
                        .map_or(String::new(), |s| words.number(s.rounded())),
                    escape(entry.qualification.as_deref().unwrap_or("")),
                    isolated(&note)
                );
            }
            page.push_str("</tbody></table>\n");
        }
        page.push_str("</section>\n");
    }

    fn warnings(&self, page: &mut String, words: &Words) {
        if self.results.warnings.is_empty() {
            return;
        }
        let _ = writeln!(
            page,
            "<section class=\"warnings\"><h2>{}</h2><ul>",
            words.warnings
        );
        for warning in &self.results.warnings {
            let _ = writeln!(
                page,
                "<li>{}</li>",
                isolated(&warning.message(self.language))
            );
        }
        page.push_str("</ul></section>\n");
    }

    /// A category's count and statistics, from the batch's summary.
    fn statistics(&self, page: &mut String, category: &str, words: &Words) {
        let Some(summary) = &self.results.summary else {
            return;
        };
        let group = summary
            .categories
            .iter()
            .find(|(id, _)| id.as_str() == category)
            .map(|(_, g)| g)
            .or(summary
                .categories
                .first()
                .map(|(_, g)| g)
                .filter(|_| category == "all"));
        let Some(group) = group else {
            return;
        };
        // Due = scored + rejected + not assessed: each body in one count.
        let mut line = match (group.due, group.not_on_roster.filter(|n| *n > 0)) {
            (Some(due), Some(n)) => {
                format!("{} {due} (+{n} {}) · ", words.due, words.not_on_roster)
            }
            (Some(due), None) => format!("{} {due} · ", words.due),
            (None, _) => String::new(),
        };
        let _ = write!(
            line,
            "{} {} · {} {} · {} {}",
            words.scored,
            group.scored,
            words.rejected,
            group.rejected,
            words.not_assessed,
            group.not_assessed
        );
        if let Some(late) = group.late.filter(|n| *n > 0) {
            let _ = write!(line, " ({late} {})", words.late.to_lowercase());
        }
        if let Some(s) = group.statistics {
            let n = |d| words.number(d);
            let _ = write!(
                line,
                " · {} {} · {} {} · {} {} · {} {}",
                words.mean,
                n(s.mean),
                words.median,
                n(s.median),
                words.min,
                n(s.min),
                words.max,
                n(s.max)
            );
        }
        let _ = writeln!(page, "<p class=\"meta\">{}</p>", escape(&line));
    }

    /// What the page was made from: every input with its SHA-256.
    fn provenance(&self, page: &mut String, words: &Words) {
        let _ = writeln!(
            page,
            "<section class=\"inputs\"><h2>{}</h2><ul>",
            words.inputs
        );
        for (name, digest) in self.inputs {
            let _ = writeln!(
                page,
                "<li><code>{}</code> <small>SHA-256 {}</small></li>",
                escape(name),
                escape(digest)
            );
        }
        page.push_str("</ul></section>\n");
    }
}

/// Text that may hold a body's name or id, escaped and isolated (`<bdi>`): a
/// right-to-left override inside it cannot turn the rest of the line around.
fn isolated(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .5em;font-size:.9em}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}\
.meta{color:#555}.figure{font-size:2em;font-weight:bold}\
.bar{fill:#3a7bd5}.bar-label{font-size:11px}svg{display:block;margin:.5em 0;max-width:100%}\
.legend{color:#555;font-size:.85em}\
.kop{display:flex;align-items:center;gap:10px;border-bottom:2px solid #222;padding-bottom:4px}.kop .logo{height:48px}.kop .commission{font-weight:bold;font-size:1.2em}\
.signature{margin:1.5em 0 0 60%}.sign-space{height:3.5em}.signature .name{font-weight:bold;text-decoration:underline}.warnings li{color:#8a4b00}\
section{overflow-x:auto}\
@media print{@page{size:A4 landscape;margin:10mm}body{margin:0}section{overflow:visible}\
table{font-size:7.5pt}th,td{padding:.1em .25em}tr{break-inside:avoid}h2{break-after:avoid}}";

/// The qualification distribution of one category: one bar per qualification.
fn chart(cards: &[&Scorecard], instrument: &Instrument, words: &Words) -> String {
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
        "<svg class=\"distribution\" role=\"img\" width=\"{width}\" height=\"{}\" viewBox=\"0 0 {width} {}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        height + 40,
        height + 40,
        words.distribution
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
fn ranking(page: &mut String, cards: &[&Scorecard], instrument: &Instrument, words: &Words) {
    let top: Vec<&crate::model::instrument::Indicator> = instrument.indicators.iter().collect();
    let _ = write!(
        page,
        "<table class=\"ranking\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
        words.rank_category, words.rank_overall, words.body, words.final_score, words.qualification
    );
    for stage in &instrument.stages {
        let _ = write!(page, "<th>{}</th>", escape(&stage.name));
        // A stage scored in parts: a column a part after it (`Kehadiran pimpinan
        // (maks. 15)`), each body's mean over its judges.
        for part in &stage.parts {
            let _ = write!(
                page,
                "<th class=\"part\">{} <small>({} {})</small></th>",
                escape(part.label()),
                words.part_most,
                words.number(part.max)
            );
        }
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
        let rank = |r: Option<usize>| r.map_or("–".to_owned(), |r| r.to_string());
        let _ = write!(
            page,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td><bdi>{}</bdi> <small>(<bdi>{}</bdi>)</small></td><td class=\"n\">{}</td><td>{}</td>",
            rank(card.rank.map(|r| r.category.unwrap_or(r.overall))),
            rank(card.rank.map(|r| r.overall)),
            escape(&card.agency.name),
            escape(&card.agency.id),
            words.number(card.final_score.rounded()),
            escape(&name_of(&card.qualification))
        );
        for stage in &instrument.stages {
            let value = words.stage_cell(card, &stage.id, instrument.decimals);
            let _ = write!(page, "<td class=\"n\">{}</td>", escape(&value));
            let given = (card.stage_parts.iter()).find(|p| *p.stage == *stage.id);
            for part in &stage.parts {
                let score = given
                    .and_then(|g| g.parts.iter().find(|(id, _)| **id == *part.id))
                    .map(|(_, score)| *score);
                let _ = write!(page, "<td class=\"n\">{}</td>", cell(score, words));
            }
        }
        for indicator in &top {
            let _ = write!(
                page,
                "<td class=\"n\">{}</td>",
                cell(card.indicator(&indicator.id), words)
            );
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
    // Each legend where its mark is used.
    let zero = cards
        .iter()
        .any(|c| c.stages.iter().any(|s| s.counted_as_zero));
    if zero {
        let _ = writeln!(
            page,
            "<p class=\"legend\">{}</p>",
            escape(words.zero_legend)
        );
    }
    let gated = cards
        .iter()
        .any(|c| c.stages.iter().any(|s| s.passed == Some(false)));
    if gated {
        for legend in words.gate_legends(instrument, words.language()) {
            let _ = writeln!(page, "<p class=\"legend\">{}</p>", escape(&legend));
        }
    }
    let dash = cards.iter().any(|c| {
        c.stages
            .iter()
            .any(|s| s.score.is_none() && !s.counted_as_zero)
            || c.indicators
                .iter()
                .any(|i| i.top_level && i.score.is_none())
    });
    if dash {
        let _ = writeln!(
            page,
            "<p class=\"legend\">{}</p>",
            escape(words.dash_legend)
        );
    }
}

fn lists(page: &mut String, results: &Results, instrument: &Instrument, words: &Words) {
    if !results.not_assessed.is_empty() {
        let _ = writeln!(page, "<section><h2>{}</h2><ul>", words.not_assessed);
        for body in &results.not_assessed {
            let agency = &body.agency;
            let category = agency.category.as_deref().map_or("–", |id| {
                instrument.category(id).map_or(id, |c| c.name.as_str())
            });
            let _ = writeln!(
                page,
                "<li><bdi>{}</bdi> <small>(<bdi>{}</bdi>, {})</small>: {}</li>",
                escape(&agency.name),
                escape(&agency.id),
                escape(category),
                escape(&words.not_assessed_why(body, results.deadline.as_ref()))
            );
        }
        page.push_str("</ul></section>\n");
    }
    if !results.rejected.is_empty() {
        let _ = writeln!(page, "<section><h2>{}</h2><ul>", words.rejected_submissions);
        for rejected in &results.rejected {
            let reasons: Vec<String> = rejected
                .errors
                .iter()
                .map(|p| isolated(&format!("{} {}", p.path, p.message_in(words.language()))))
                .collect();
            let _ = writeln!(
                page,
                "<li><code><bdi>{}</bdi></code> <bdi>{}</bdi>: {}</li>",
                escape(&rejected.source.to_string()),
                escape(rejected.agency.as_deref().unwrap_or("")),
                reasons.join("; ")
            );
        }
        page.push_str("</ul></section>\n");
    }
}

fn cell(score: Option<Score>, words: &Words) -> String {
    score.map_or("–".to_owned(), |s| words.number(s.rounded()))
}

/// The groups a report or workbook is laid out by: the instrument's categories, or, when
/// it declares none (IKIP's provinces), one group of every body, named after the
/// instrument.
pub(crate) fn category_groups(instrument: &Instrument) -> Vec<Category> {
    if instrument.categories.is_empty() {
        return vec![Category {
            id: "all".into(),
            name: instrument.name.clone(),
        }];
    }
    instrument.categories.clone()
}

/// Whether a body of `category` belongs to `group` (one of [`category_groups`]).
pub(crate) fn in_group(instrument: &Instrument, group: &Category, category: Option<&str>) -> bool {
    match category {
        Some(c) => c == group.id,
        None => instrument.categories.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use crate::batch::texts::{BatchTexts, NamedText, plan_of};

    use super::{Letterhead, ReportPage};

    /// Every right-to-left override in the page is inside an isolate (`<bdi>`), so it
    /// cannot turn the rest of its line around: names, ids, warnings, reasons.
    #[test]
    fn a_right_to_left_override_stays_inside_its_name() {
        let instrument =
            std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default();
        let submissions = [
            r#"{"instrument":"monev-kip-2025","agency":{"id":"52-x\u202e","name":"RSUD \u202eABC def","category":"pemkab"},"answers":{"JI01":{"value":true}}}"#,
            r#"{"instrument":"monev-kip-2025","agency":{"id":"5206\u202e","name":"Dinas \u202eX","category":"pemkab"},"answers":{"JI01":{"value":"mungkin"}}}"#,
        ]
        .join("\n");
        let roster = r#"[{"id": "5201", "name": "Kab. \u202eLombok", "category": "pemkab"}]"#;
        let texts = BatchTexts {
            submissions: vec![NamedText::new("jawaban.jsonl", &submissions)],
            roster: vec![NamedText::new("daftar.json", roster)],
            without_stage_scores: true,
            ..BatchTexts::new(NamedText::new("instrument.json", &instrument))
        };
        let plan = plan_of(texts.instrument).unwrap_or_else(|r| panic!("{r}"));
        let results = texts.score().unwrap_or_else(|r| panic!("{r}"));
        assert_eq!((results.results.len(), results.rejected.len()), (1, 1));
        let letterhead = Letterhead {
            place_date: Some("Mataram\u{202e}, 12".into()),
            ..Letterhead::default()
        };
        let mut page = ReportPage::new(plan.instrument(), &results);
        page.letterhead = &letterhead;
        page.made = "2025-12-10";
        let page = page.html();
        let overrides: Vec<usize> = page.match_indices('\u{202e}').map(|(at, _)| at).collect();
        assert!(overrides.len() >= 6, "{}", overrides.len());
        for at in overrides {
            let before = page.get(..at).unwrap_or_default();
            let opened = before.rfind("<bdi>");
            let closed = before.rfind("</bdi>");
            assert!(
                opened.is_some() && opened > closed,
                "not isolated: …{}",
                before
                    .get(before.len().saturating_sub(80)..)
                    .unwrap_or_default()
            );
        }
    }
}
