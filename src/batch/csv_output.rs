//! The results as CSV for people's spreadsheets: names beside ids, safe to open, in the
//! separator and decimal mark the reader's Excel expects.

use crate::batch::results::Results;

/// How [`Results::to_csv_with`] writes a CSV: the separator, the decimal mark, and
/// whether text cells are guarded against being run as formulas.
///
/// Excel reads a CSV with the list separator and decimal mark of the computer's
/// regional settings: a comma and a point in English settings, a semicolon and a
/// decimal comma in Indonesian ones, where a comma-separated file opens as one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvStyle {
    /// The byte between cells: `b','` or `b';'`.
    pub separator: u8,
    /// Whether numbers are written with a decimal comma (`88,40`).
    pub decimal_comma: bool,
    /// Whether a text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
    /// gets a leading `'` (OWASP's advice against CSV injection).
    pub spreadsheet_safe: bool,
}

impl CsvStyle {
    /// Comma-separated, decimal point, spreadsheet-safe: the default.
    pub const STANDARD: CsvStyle = CsvStyle {
        separator: b',',
        decimal_comma: false,
        spreadsheet_safe: true,
    };

    /// For Excel set to Indonesian: semicolon-separated, decimal comma, spreadsheet-safe.
    pub const INDONESIAN: CsvStyle = CsvStyle {
        separator: b';',
        decimal_comma: true,
        spreadsheet_safe: true,
    };

    /// The style a locale code names, as the page and Python pass it: `id` Excel set to
    /// Indonesian ([`CsvStyle::INDONESIAN`]), any other the standard one.
    ///
    /// ```
    /// use kip_index::CsvStyle;
    /// assert_eq!(CsvStyle::for_locale("id").separator, b';');
    /// assert_eq!(CsvStyle::for_locale("intl").separator, b',');
    /// ```
    pub fn for_locale(code: &str) -> CsvStyle {
        match code {
            "id" => CsvStyle::INDONESIAN,
            _ => CsvStyle::STANDARD,
        }
    }

    /// The same style with every text cell written exactly as given (for machine
    /// readers).
    pub fn raw(self) -> CsvStyle {
        CsvStyle {
            spreadsheet_safe: false,
            ..self
        }
    }
}

/// The CSV text of `results` in `style` (see [`Results::to_csv`]).
pub(crate) fn results(results: &Results, style: CsvStyle) -> String {
    let text = |cell: &str| {
        if style.spreadsheet_safe {
            guard(cell)
        } else {
            cell.to_owned()
        }
    };
    let decimal = |value: rust_decimal::Decimal| {
        let text = value.to_string();
        if style.decimal_comma {
            text.replace('.', ",")
        } else {
            text
        }
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(style.separator)
        .from_writer(Vec::new());
    let mut header: Vec<String> = [
        "agency_id",
        "agency_name",
        "category",
        "category_name",
        "region",
        "final",
        "qualification",
        "qualification_name",
        "rank_overall",
        "rank_category",
        "rank_region",
        "rank_qualification",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(
        results
            .stage_columns()
            .iter()
            .map(|id| format!("stage:{id}")),
    );
    header.extend(
        results
            .indicator_columns()
            .iter()
            .map(|id| format!("indicator:{id}")),
    );
    // Writing to a Vec cannot fail, and every row has the header's columns (built from
    // the same stage and indicator lists): a failure is a broken invariant, never a row
    // silently left out.
    writer
        .write_record(&header)
        .expect("the header row, into memory");
    for card in &results.results {
        let category = card.agency.category.as_deref().unwrap_or_default();
        let mut row = vec![
            text(&card.agency.id),
            text(&card.agency.name),
            text(category),
            text(results.category_name(category).unwrap_or_default()),
            text(card.agency.region.as_deref().unwrap_or_default()),
            decimal(card.final_score.rounded()),
            text(&card.qualification),
            text(
                results
                    .qualification_name(&card.qualification)
                    .unwrap_or_default(),
            ),
            number(card.rank.map(|r| r.overall)),
            number(card.rank.and_then(|r| r.category)),
            number(card.rank.and_then(|r| r.region)),
            number(card.rank.map(|r| r.qualification)),
        ];
        let cell = |score: Option<crate::score::card::Score>| {
            score.map(|s| decimal(s.rounded())).unwrap_or_default()
        };
        row.extend(
            results
                .stage_columns()
                .iter()
                .map(|id| cell(card.stage(id))),
        );
        row.extend(
            results
                .indicator_columns()
                .iter()
                .map(|id| cell(card.indicator(id))),
        );
        writer
            .write_record(&row)
            .expect("a row as long as the header, into memory");
    }
    let bytes = writer.into_inner().expect("a CSV written into memory");
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first: OWASP's CSV-injection advice), made plain text with a leading
/// `'`; other text as it is. The one rule for every CSV kip writes.
///
/// ```
/// assert_eq!(kip_index::spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(kip_index::spreadsheet_safe("Dinas A"), "Dinas A");
/// ```
pub fn spreadsheet_safe(cell: &str) -> String {
    guard(cell)
}

fn guard(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

fn number(n: Option<usize>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl Results {
    /// The CSV form: one row per body, `agency_id, agency_name, category,
    /// category_name, region, final, qualification, qualification_name, rank_overall,
    /// rank_category, rank_region, rank_qualification` (the rank within the category's
    /// qualification), then one column per stage (`stage:ID`) and per
    /// top-level indicator (`indicator:ID`); an empty cell where a stage or indicator
    /// has no score. UTF-8 with a byte-order mark (so that Excel reads the names' accents
    /// and dashes right; LibreOffice and CSV libraries skip it), comma-separated, quoted
    /// where needed, `\n` line ends.
    ///
    /// Spreadsheet-safe, as OWASP recommends against CSV injection: a text cell (id,
    /// name, category, region, qualification) that begins with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return gets a leading `'`, so that Excel and LibreOffice show it as
    /// text instead of running it as a formula; numbers are left as numbers. For machine
    /// readers that want the text unchanged, [`Results::to_csv_raw`]; for Excel set to
    /// Indonesian, [`Results::to_csv_with`] and [`CsvStyle::INDONESIAN`].
    pub fn to_csv(&self) -> String {
        self.to_csv_with(CsvStyle::STANDARD)
    }

    /// [`Results::to_csv`] without the spreadsheet guard: every text cell exactly as
    /// given.
    pub fn to_csv_raw(&self) -> String {
        self.to_csv_with(CsvStyle::STANDARD.raw())
    }

    /// [`Results::to_csv`] in the given style: separator, decimal mark and guard.
    ///
    /// ```
    /// # use kip_index::{Body, Instrument, Plan, Results, Submission};
    /// use kip_index::CsvStyle;
    /// # let instrument: Instrument =
    /// #     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// # let plan = Plan::new(&instrument)?;
    /// # let submission = Submission::from_json(r#"{ "instrument": "monev-kip-2025",
    /// #   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
    /// #   "answers": { "JI01": { "value": true, "evidence": ["https://ppid.serangkota.go.id"] } } }"#)?;
    /// let mut results = Results::new(&plan);
    /// results.results.push(plan.score(&Body::new(&submission))?);
    /// // Excel set to Indonesian: `;` between cells, a decimal comma. JI01 alone is worth
    /// // its share of the final, 2.56 points.
    /// let csv = results.to_csv_with(CsvStyle::INDONESIAN);
    /// let row = csv.lines().nth(1).unwrap_or_default();
    /// assert!(row.starts_with("3673;Pemerintah Kota Serang;pemkot;Pemerintah Kota;;2,56;"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv_with(&self, style: CsvStyle) -> String {
        results(self, style)
    }
}
