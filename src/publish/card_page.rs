//! Report cards as HTML: one card (*rapor*) per body — for the screen, one page per body
//! with an index; for print, one document with one card per A4 page. No script, no
//! outside request: the style is inline, the bars inline SVG, the logo a `data:` URL.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::insight::card::{ReportCard, StageCounted};
use crate::score::card::Score;
use crate::text::language::Language;

use super::html::{PAGE_CSP as CSP, escape_html as escape};
use super::letterhead::Letterhead;
use super::words::Words;

/// How many questions a card lists under each heading (verifiers' changes, answers
/// without evidence, unanswered) before "and N more": a card stays one A4 page.
const LISTED: usize = 6;

/// Report cards as pages: what every card of a run shares.
///
/// ```
/// use kip_index::{BatchTexts, CardPages, Language, Letterhead, NamedText};
///
/// let read = |p: &str| std::fs::read_to_string(format!("examples/monev-2025/{p}")).unwrap();
/// let (instrument, kabkota) = (read("instrument.json"), read("submissions/banten-kabkota.jsonl"));
/// let mut texts = BatchTexts::new(NamedText::new("instrument", &instrument));
/// texts.submissions.push(NamedText::new("submissions", &kabkota));
/// texts.without_stage_scores = true;
/// let (_results, cards) = texts.report_cards(None, Language::Indonesian)?;
/// let cards: Vec<_> = cards.into_iter().filter_map(|(_, card)| card.ok()).collect();
/// let plan = kip_index::plan_of(texts.instrument)?;
/// let mut letterhead = Letterhead::default();
/// letterhead.commission = Some("Komisi Informasi Provinsi Banten".into());
/// let pages = CardPages {
///     language: Language::Indonesian,
///     letterhead: &letterhead,
///     instrument: &plan.instrument().name,
///     decimals: plan.instrument().decimals,
/// };
/// let document = pages.document(&cards);
/// assert_eq!(document.matches("<section class=\"card\">").count(), cards.len());
/// # Ok::<(), kip_index::Report>(())
/// ```
pub struct CardPages<'a> {
    /// The language of the cards' words.
    pub language: Language,
    /// The commission's heading, on every card.
    pub letterhead: &'a Letterhead,
    /// The instrument's name, under the heading.
    pub instrument: &'a str,
    /// The instrument's decimals (a stage counted 0 is shown `0,00*`).
    pub decimals: u32,
}

impl CardPages<'_> {
    fn words(&self) -> &'static Words {
        Words::of(self.language)
    }

    /// The index of a folder of cards: the heading, then each category's bodies in rank
    /// order, each a link to `NAME.html` (`names` as [`file_names`](crate::file_names)
    /// gives them, one per card).
    pub fn index_page(&self, cards: &[ReportCard], names: &[String]) -> String {
        let body = self.index_body(cards, names);
        self.page(self.words().cards_title, &body)
    }

    fn index_body(&self, cards: &[ReportCard], names: &[String]) -> String {
        let w = self.words();
        let style = self;
        let mut html = String::from("<section class=\"index\">\n");
        html.push_str(&style.letterhead.heading(w.monev, w.decree));
        let _ = writeln!(
            html,
            "<h1>{}</h1>\n<p class=\"meta\">{} · {} {}</p>",
            w.cards_title,
            escape(style.instrument),
            cards.len(),
            w.bodies_scored
        );
        let mut categories: Vec<Option<&str>> = Vec::new();
        for card in cards {
            let category = card.category_name.as_deref();
            if !categories.contains(&category) {
                categories.push(category);
            }
        }
        for category in categories {
            if let Some(name) = category {
                let _ = writeln!(html, "<h2><bdi>{}</bdi></h2>", escape(name));
            }
            let _ = write!(
                html,
                "<table class=\"index\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                w.rank, w.body, w.final_score, w.qualification
            );
            for (card, name) in cards.iter().zip(names) {
                if card.category_name.as_deref() != category {
                    continue;
                }
                let rank = card.rank.category.unwrap_or(card.rank.overall);
                let _ = write!(
                    html,
                    "<tr><td class=\"n\">{rank}</td><td><a href=\"{}.html\"><bdi>{}</bdi></a> <small>(<bdi>{}</bdi>)</small></td><td class=\"n\">{}</td><td>{}</td></tr>",
                    escape(name),
                    escape(&card.agency.name),
                    escape(&card.agency.id),
                    w.number(card.final_score.rounded()),
                    escape(&card.qualification_name)
                );
            }
            html.push_str("</tbody></table>\n");
        }
        html.push_str("</section>\n");
        html
    }

    /// Every card in one document to print: one card per A4 page.
    pub fn document(&self, cards: &[ReportCard]) -> String {
        let mut body = String::new();
        for card in cards {
            body.push_str(&self.card(card, None));
        }
        self.page(self.words().cards_title, &body)
    }

    /// One body's card as a page of its own; `back` links to the index (a folder's
    /// `index.html`).
    pub fn card_page(&self, card: &ReportCard, back: Option<&str>) -> String {
        self.page(&card.agency.name, &self.card(card, back))
    }

    /// A whole page: the heading, `body`, the end.
    fn page(&self, title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
            self.words().html_lang,
            escape(title)
        )
    }

    fn number(&self, value: Decimal) -> String {
        self.words().number(value)
    }

    fn score(&self, score: Option<Score>) -> String {
        score.map_or("–".to_owned(), |s| self.number(s.rounded()))
    }

    /// One body's card, as a `<section>`; `back` links to the index (the folder's pages).
    fn card(&self, card: &ReportCard, back: Option<&str>) -> String {
        let w = self.words();
        let mut html = String::with_capacity(16 * 1024);
        html.push_str("<section class=\"card\">\n");
        if let Some(index) = back {
            let _ = writeln!(
                html,
                "<p class=\"noprint\"><a href=\"{}\">← {}</a></p>",
                escape(index),
                w.back
            );
        }
        html.push_str(&self.letterhead.heading(w.monev, w.decree));
        let _ = writeln!(
            html,
            "<h1>{}</h1>\n<h2 class=\"body\"><bdi>{}</bdi></h2>",
            w.card_title,
            escape(&card.agency.name)
        );
        let mut about = vec![format!(
            "{} <bdi>{}</bdi>",
            w.agency_id,
            escape(&card.agency.id)
        )];
        if let Some(category) = &card.category_name {
            about.push(format!("{} <bdi>{}</bdi>", w.category, escape(category)));
        }
        if let Some(region) = &card.agency.region {
            about.push(format!("{} <bdi>{}</bdi>", w.region, escape(region)));
        }
        about.push(escape(self.instrument));
        let _ = writeln!(html, "<p class=\"meta\">{}</p>", about.join(" · "));
        self.headline(&mut html, card);
        self.stages(&mut html, card);
        self.indicators(&mut html, card);
        self.fixes(&mut html, card);
        if let Some(amended) = &card.amended {
            let side = |s: &Option<crate::batch::decree::Standing>| {
                s.as_ref().map_or("–".to_owned(), |s| {
                    let rank = s.rank.map_or(String::new(), |r| {
                        format!(", {} {r}", w.rank_overall.to_lowercase())
                    });
                    format!("{}{rank}", w.number(s.final_score))
                })
            };
            let amends = amended.amends.as_deref().map_or(String::new(), |n| {
                format!(" {} <bdi>{}</bdi>", w.decree.to_lowercase(), escape(n))
            });
            let _ = writeln!(
                html,
                "<p class=\"amended\"><b>{}{amends}</b>: {} → {} ({}: {})</p>",
                w.amends,
                side(&amended.before),
                side(&amended.after),
                w.reason.to_lowercase(),
                escape(&amended.reason)
            );
        }
        if !card.changed_on_appeal.is_empty() {
            let _ = write!(
                html,
                "<h3>{}</h3><ul class=\"appeal\">",
                w.changed_on_appeal
            );
            for appeal in &card.changed_on_appeal {
                let note = appeal
                    .note
                    .as_deref()
                    .map_or(String::new(), |n| format!(" — {}", escape(n)));
                let _ = write!(
                    html,
                    "<li><b>{}</b> {}: {} → {} ({}){note}</li>",
                    escape(&appeal.question.id),
                    clipped(&appeal.question.text, 60),
                    w.number(appeal.before.rounded()),
                    w.number(appeal.after.rounded()),
                    escape(&appeal.round)
                );
            }
            html.push_str("</ul>\n");
        }
        for (heading, questions) in [
            (w.changed_by_verifier, &card.changed_by_verifier),
            (w.evidence_missing, &card.evidence_missing),
            (w.unanswered, &card.unanswered),
        ] {
            self.questions(&mut html, heading, questions);
        }
        if !card.warnings.is_empty() {
            let _ = write!(html, "<h3>{}</h3><ul class=\"warnings\">", w.warnings);
            for warning in &card.warnings {
                let _ = write!(html, "<li>{}</li>", escape(&warning.message));
            }
            html.push_str("</ul>\n");
        }
        html.push_str(&self.letterhead.signature());
        let _ = writeln!(html, "<p class=\"foot\">{}</p>", w.made_with);
        html.push_str("</section>\n");
        html
    }

    fn headline(&self, html: &mut String, card: &ReportCard) {
        let w = self.words();
        let rank = &card.rank;
        let mut ranks = Vec::new();
        if let (Some(r), Some(n), Some(category)) =
            (rank.category, rank.category_of, &card.category_name)
        {
            ranks.push(format!(
                "{} {r} {} {n} {} <bdi>{}</bdi>",
                w.rank,
                w.of,
                w.in_category,
                escape(category)
            ));
        }
        ranks.push(format!(
            "{} {} {} {} {}",
            w.rank, rank.overall, w.of, rank.overall_of, w.overall
        ));
        let _ = writeln!(
            html,
            "<div class=\"headline\"><div><div class=\"label\">{}</div><div class=\"final\">{}</div></div><div><div class=\"label\">{}</div><div class=\"qualification\">{}</div></div><div class=\"ranks\">{}</div></div>",
            w.final_score,
            self.number(card.final_score.rounded()),
            w.qualification,
            escape(&card.qualification_name),
            ranks.join("<br>")
        );
    }

    fn stages(&self, html: &mut String, card: &ReportCard) {
        let w = self.words();
        let _ = write!(
            html,
            "<h3>{}</h3><table class=\"stages\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
            w.stages, w.stage, w.weight, w.score
        );
        let zero = format!(
            "{}{}",
            self.number(Decimal::new(0, self.decimals)),
            w.zero_mark
        );
        for stage in &card.stages {
            let (value, note) = match stage.counted {
                StageCounted::Scored => {
                    // A gated stage says the body passed, and the rule it passed.
                    let note = match (&stage.rule, stage.passed) {
                        (Some(rule), Some(true)) => {
                            format!("{} ({} {})", w.passed, w.requires, escape(rule))
                        }
                        _ => String::new(),
                    };
                    (self.score(stage.score), note)
                }
                StageCounted::CountedAsZero => (zero.clone(), w.counted_zero_note.to_owned()),
                StageCounted::Reweighted => ("–".to_owned(), w.reweighted.to_owned()),
                _ => {
                    let mut note = w.not_taken.to_owned();
                    if let Some(rule) = &stage.rule {
                        note.push_str(&format!(" ({} {})", w.requires, escape(rule)));
                    }
                    if stage.counted_as_zero {
                        note.push_str(&format!("; {}", w.zero_in_final));
                        (zero.clone(), note)
                    } else {
                        ("–".to_owned(), note)
                    }
                }
            };
            let _ = write!(
                html,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{value}</td><td class=\"note\">{note}</td></tr>",
                escape(&stage.name),
                self.number(stage.weight)
            );
            // A stage scored in parts: each part under it, of its most.
            for part in &stage.parts {
                let _ = write!(
                    html,
                    "<tr class=\"part\"><td>– {}</td><td class=\"n\"></td><td class=\"n\">{}</td><td class=\"note\">{} {}</td></tr>",
                    escape(&part.name),
                    self.score(Some(part.score)),
                    w.of_most,
                    self.number(part.max)
                );
            }
        }
        html.push_str("</tbody></table>\n");
    }

    fn indicators(&self, html: &mut String, card: &ReportCard) {
        let w = self.words();
        let _ = write!(
            html,
            "<h3>{}</h3><table class=\"indicators\"><thead><tr><th>{}</th><th>{}</th><th class=\"bar\"></th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.indicators, w.indicator, w.score, w.category_median, w.category_best, w.points_lost
        );
        for indicator in &card.indicators {
            let _ = write!(
                html,
                "<tr class=\"depth{}\"><td>{}</td><td class=\"n\">{}</td><td class=\"bar\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                indicator.depth.min(3),
                escape(&indicator.name),
                self.score(indicator.score),
                bar(indicator.score, indicator.category_median),
                self.score(indicator.category_median),
                self.score(indicator.category_best),
                self.score(indicator.points_lost)
            );
        }
        let _ = writeln!(
            html,
            "</tbody></table>\n<p class=\"legend\">{}</p>",
            w.bar_legend
        );
    }

    fn fixes(&self, html: &mut String, card: &ReportCard) {
        let w = self.words();
        let language = w.language();
        let _ = write!(html, "<h3>{}</h3>", w.fixes);
        if card.fixes.is_empty() {
            let _ = writeln!(html, "<p>{}</p>", w.all_full);
            return;
        }
        let _ = write!(
            html,
            "<table class=\"fixes\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.question, w.answer_to_give, w.answer_now, w.gain, w.reaches
        );
        for fix in &card.fixes {
            let f = &fix.fix;
            let mut answer = format!("<b>{}</b>", clipped(&f.answer_in(language), 90));
            if f.with_evidence {
                let _ = write!(answer, " {}", w.with_evidence);
            }
            if !f.opens.is_empty() {
                let _ = write!(answer, " (+ {})", escape(&f.opens.join(", ")));
            }
            if f.answer_now.as_deref() == Some(f.answer.as_str()) {
                let why = if f.with_evidence {
                    w.attach_evidence
                } else {
                    w.verifier_accept
                };
                let _ = write!(answer, "<br><small>{why}</small>");
            }
            for stage in &f.opens_gates {
                let name = (card.stages.iter())
                    .find(|s| &s.id == stage)
                    .map_or(stage.as_str(), |s| s.name.as_str());
                let _ = write!(
                    answer,
                    "<br><small>{} {}</small>",
                    w.opens_stage,
                    escape(name)
                );
            }
            let now = f
                .answer_now_in(language)
                .map_or_else(|| w.unanswered_mark.to_owned(), |a| clipped(&a, 70));
            let _ = write!(
                html,
                "<tr><td><b>{}</b> {}</td><td>{answer}</td><td>{now}</td><td class=\"n\">+{}</td><td class=\"n\">{} <small>{}</small></td></tr>",
                escape(&f.question),
                clipped(&fix.text, 90),
                self.number(f.gain.rounded()),
                self.number(f.final_score.rounded()),
                escape(&fix.qualification_name)
            );
        }
        html.push_str("</tbody></table>\n");
        let more = card.fixes_in_all.saturating_sub(card.fixes.len());
        if more > 0 {
            let _ = writeln!(
                html,
                "<p class=\"legend\">{} {more} {}</p>",
                w.and_more, w.fixes_more
            );
        }
    }

    fn questions(
        &self,
        html: &mut String,
        heading: &str,
        questions: &[crate::insight::card::CardQuestion],
    ) {
        if questions.is_empty() {
            return;
        }
        let w = self.words();
        let mut listed: Vec<String> = (questions.iter().take(LISTED))
            .map(|q| format!("<b>{}</b> {}", escape(&q.id), clipped(&q.text, 60)))
            .collect();
        if questions.len() > LISTED {
            listed.push(format!(
                "{} {} {}",
                w.and_more,
                questions.len() - LISTED,
                w.more
            ));
        }
        let _ = writeln!(
            html,
            "<p class=\"questions\"><span class=\"h\">{heading} ({}):</span> {}</p>",
            questions.len(),
            listed.join(" · ")
        );
    }
}

/// At most `chars` characters of `text`, escaped; a longer text ends in `…` and is
/// whole in the element's `title` (the JSON always has it whole): a card stays one page.
fn clipped(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        None => escape(text),
        Some((end, _)) => format!(
            "<span title=\"{}\">{}…</span>",
            escape(text),
            escape(text.get(..end).unwrap_or(text).trim_end())
        ),
    }
}

/// The body's score as a bar out of 100, the category's median as a line across it.
fn bar(score: Option<Score>, median: Option<Score>) -> String {
    // Coordinates only: a tenth of a point is finer than the eye sees.
    let at = |s: Score| {
        s.rounded()
            .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
            .round_dp(1)
    };
    let mut svg = String::from(
        "<svg width=\"100\" height=\"10\" viewBox=\"0 0 100 10\" xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\"><rect width=\"100\" height=\"10\" fill=\"#eee\"/>",
    );
    if let Some(s) = score {
        let _ = write!(
            svg,
            "<rect width=\"{}\" height=\"10\" fill=\"#3a7bd5\"/>",
            at(s)
        );
    }
    if let Some(m) = median {
        let x = at(m);
        let _ = write!(
            svg,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"10\" stroke=\"#222\" stroke-width=\"1.5\"/>"
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Sized for A4: each card one page, set in print on a page of its own.
const STYLE: &str = "@page{size:A4;margin:9mm 11mm}\
body{font-family:sans-serif;color:#222;margin:1.5em;font-size:9pt;line-height:1.2}\
h1{font-size:12pt;margin:.15em 0}h2{font-size:11pt;margin:.1em 0}h3{font-size:9pt;margin:.5em 0 .15em}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:0 4px;font-size:7.5pt;vertical-align:top}\
th{background:#eee;text-align:left}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\
td.bar,th.bar{width:104px}td.bar svg{display:block;margin-top:1px}\
table.fixes td:first-child{width:36%}table.fixes td:nth-child(2){width:24%}\
tr.depth1 td:first-child{padding-left:1.2em}tr.depth2 td:first-child{padding-left:2.4em}tr.depth3 td:first-child{padding-left:3.6em}\
.kop{display:flex;align-items:center;gap:10px;border-bottom:2px solid #222;padding-bottom:3px;margin-bottom:4px;font-size:8.5pt}\
.kop .logo{height:40px}.kop .commission{font-weight:bold;font-size:11pt}\
.meta,.legend,.note,.foot{color:#555;font-size:7.5pt;margin:.15em 0}.meta,td,h2{overflow-wrap:anywhere}\
.headline{display:flex;gap:2em;align-items:flex-end;border:1px solid #ccc;padding:2px 8px;margin:.3em 0}\
.headline .label{font-size:7.5pt;color:#555}.headline .final{font-size:20pt;font-weight:bold}\
.headline .qualification{font-size:13pt;font-weight:bold}.headline .ranks{margin-left:auto;text-align:right}\
p.questions{font-size:7.5pt;margin:.3em 0}p.questions .h{font-weight:bold;font-size:8.5pt}\
ul{margin:.1em 0;padding-left:1.4em}li{font-size:7.5pt}.warnings li{color:#8a4b00}\
.signature{margin:.6em 0 0 60%;font-size:8.5pt}.sign-space{height:2.6em}.signature .name{font-weight:bold;text-decoration:underline}\
.card{max-width:188mm;margin:0 auto}\
@media screen{.card{border-bottom:2px solid #ccc;padding-bottom:1em;margin-bottom:2em}}\
@media print{body{margin:0}.noprint{display:none}.card{break-after:page;page-break-after:always;break-inside:avoid}.card:last-of-type{break-after:auto;page-break-after:auto}a{color:inherit;text-decoration:none}}\
table.index td,table.index th{font-size:9pt}";
