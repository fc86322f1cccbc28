//! The JSON Schemas of the file formats, generated from the Rust types.
//!
//! The committed files under `schemas/` are these, written by
//! `cargo run --example write-schemas`; a test fails when they drift apart.

use schemars::generate::SchemaSettings;

use crate::{Instrument, StageScore, Submission, Verification};

/// A file format that has a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// An instrument (`instrument.schema.json`).
    Instrument,
    /// One submission (`submission.schema.json`); a batch is an array or JSON Lines of them.
    Submission,
    /// A verification file: an array of entries (`verification.schema.json`).
    Verification,
    /// A stage-score file: an array of entries (`stage-scores.schema.json`).
    StageScores,
    /// A roster: an array of agencies (`roster.schema.json`).
    Roster,
    /// A body's report card (`report-card.schema.json`): an output, as `kip cards
    /// --json` writes each and [`ReportCard`](crate::ReportCard) serialises.
    ReportCard,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 6] = [
        Format::Instrument,
        Format::Submission,
        Format::Verification,
        Format::StageScores,
        Format::Roster,
        Format::ReportCard,
    ];

    /// The schema's file name under `schemas/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Instrument => "instrument.schema.json",
            Format::Submission => "submission.schema.json",
            Format::Verification => "verification.schema.json",
            Format::StageScores => "stage-scores.schema.json",
            Format::Roster => "roster.schema.json",
            Format::ReportCard => "report-card.schema.json",
        }
    }

    /// The JSON Schema (draft 2020-12) of the format.
    ///
    /// ```
    /// use kip_index::schema::Format;
    /// let schema = Format::Instrument.schema();
    /// assert_eq!(schema["title"], "Instrument");
    /// ```
    pub fn schema(self) -> serde_json::Value {
        let generator = SchemaSettings::draft2020_12().into_generator();
        let schema = match self {
            Format::Instrument => generator.into_root_schema_for::<Instrument>(),
            Format::Submission => generator.into_root_schema_for::<Submission>(),
            Format::Verification => generator.into_root_schema_for::<Vec<Verification>>(),
            Format::StageScores => generator.into_root_schema_for::<Vec<StageScore>>(),
            Format::Roster => generator.into_root_schema_for::<Vec<crate::RosterEntry>>(),
            Format::ReportCard => generator.into_root_schema_for::<crate::ReportCard>(),
        };
        let mut value = schema.to_value();
        decimal_defaults(&mut value);
        // Inputs leave an optional value out; an output (the report card) writes null.
        if self != Format::ReportCard {
            drop_null(&mut value);
        }
        if let Some(object) = value.as_object_mut() {
            let (title, description) = self.heading();
            object.insert("title".into(), title.into());
            if matches!(
                self,
                Format::Verification | Format::StageScores | Format::Roster | Format::ReportCard
            ) {
                object.insert("description".into(), description.into());
            }
        }
        value
    }

    fn heading(self) -> (&'static str, &'static str) {
        match self {
            Format::Instrument => ("Instrument", ""),
            Format::Submission => ("Submission", ""),
            Format::Verification => (
                "Verification file",
                "A verifier's decisions, one entry per public body. JSON Lines files hold one entry per line.",
            ),
            Format::StageScores => (
                "Stage-score file",
                "Scores of the stages other than the questionnaire (visitasi, presentasi), one entry per body and stage. JSON Lines files hold one entry per line.",
            ),
            Format::Roster => (
                "Roster",
                "The public bodies due to submit; those without a submission are reported as not assessed (Tidak Dinilai).",
            ),
            Format::ReportCard => (
                "Report card",
                "One body's report card (rapor) from a finished batch: final, qualification and ranks of N, stages, indicators beside the category's median and best, the verifiers' changes, answers without evidence, the fixes worth most and the body's warnings. An output of kip-index, not an input.",
            ),
        }
    }

    /// The schema as the pretty JSON text committed under `schemas/`.
    pub fn schema_text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// A decimal's `default` as the number it is (`"default": 1`): schemars writes defaults
/// through `serde_json::to_value`, where a decimal is its exact text (`"1"`).
fn decimal_defaults(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(object) => {
            let decimal = object
                .get("$ref")
                .is_some_and(|r| r.as_str().is_some_and(|r| r.ends_with("/Decimal")));
            if decimal
                && let Some(Value::String(text)) = object.get("default")
                && let Ok(number) = text.parse::<serde_json::Number>()
            {
                object.insert("default".into(), Value::Number(number));
            }
            object.values_mut().for_each(decimal_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(decimal_defaults),
        _ => {}
    }
}

/// Removes `null` from the types schemars gives `Option` fields: the files leave an
/// optional value out by omitting its key, and the readers refuse `null`.
fn drop_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    object.insert("type".into(), single);
                }
            }
            if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
                choices.retain(|c| c.get("type").is_none_or(|t| t != "null"));
                if let [single] = choices.as_slice() {
                    let single = single.clone();
                    object.remove("anyOf");
                    if let Value::Object(inner) = single {
                        for (k, v) in inner {
                            object.entry(k).or_insert(v);
                        }
                    }
                }
            }
            object.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}
