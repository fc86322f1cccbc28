//! What a file is for in a batch, told from its content: a commission drops a folder of
//! files on the page and each must find its place — the instrument, submissions (JSON,
//! JSON Lines, CSV, a workbook), verification, stage scores or the roster. The name is
//! not trusted (`data (3).json`); only the first record's keys and a CSV's header are.

use serde::Serialize;

/// A file's role in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InputRole {
    /// The instrument (questionnaire definition).
    Instrument,
    /// Submissions: JSON, JSON Lines, CSV, or a workbook.
    Submissions,
    /// The verifiers' decisions.
    Verification,
    /// The other stages' scores.
    StageScores,
    /// The bodies due to submit.
    Roster,
}

impl InputRole {
    /// The role of a file from its bytes: a workbook (a zip) by its sheet's header, as a
    /// CSV (a roster's `id` and `name`, under a title too; submissions otherwise); JSON by
    /// the keys of its first record (`indicators` an instrument, `answers` a submission,
    /// `decisions` a verification, `stage` a stage score, `id` and `name` a roster); a
    /// CSV by its header (`stage` and `score`, or `id` and `name` without answers).
    /// `None` when nothing tells.
    ///
    /// ```
    /// use kip_index::InputRole;
    ///
    /// let role = |text: &str| InputRole::detect(text.as_bytes());
    /// assert_eq!(role(r#"{"id": "m", "indicators": [], "stages": []}"#), Some(InputRole::Instrument));
    /// assert_eq!(role(r#"[{"agency": "3601", "decisions": []}]"#), Some(InputRole::Verification));
    /// assert_eq!(role("agency;stage;score\n3601;visitasi;90\n"), Some(InputRole::StageScores));
    /// assert_eq!(role("id,name,category,region\n3601,Kab. Pandeglang,pemkab,36\n"), Some(InputRole::Roster));
    /// assert_eq!(role("agency_id,agency_name,category,region,JI01\n"), Some(InputRole::Submissions));
    /// assert_eq!(role("hello"), None);
    /// ```
    pub fn detect(bytes: &[u8]) -> Option<InputRole> {
        if bytes.starts_with(b"PK\x03\x04") {
            return Some(workbook_role(bytes));
        }
        // The first 64 KiB tell: a record's keys come before most of its answers.
        let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        match text.as_bytes().first() {
            Some(b'{' | b'[') => json_role(text),
            Some(_) => csv_role(text),
            None => None,
        }
    }

    /// The role's name, as the page and the API say it: `instrument`, `submissions`,
    /// `verification`, `stage-scores`, `roster`.
    pub fn name(self) -> &'static str {
        match self {
            InputRole::Instrument => "instrument",
            InputRole::Submissions => "submissions",
            InputRole::Verification => "verification",
            InputRole::StageScores => "stage-scores",
            InputRole::Roster => "roster",
        }
    }

    /// The role a name says (`stage-scores`), as [`name`](Self::name) writes it.
    pub fn from_name(name: &str) -> Option<InputRole> {
        [
            InputRole::Instrument,
            InputRole::Submissions,
            InputRole::Verification,
            InputRole::StageScores,
            InputRole::Roster,
        ]
        .into_iter()
        .find(|r| r.name() == name)
    }
}

/// Whether `text` has `"key"` as a key (followed by `:`): a key's quotes are not
/// escaped, so the same word inside a string value (`\"answers\"`) does not count.
fn has_key(text: &str, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    text.match_indices(&quoted).any(|(at, _)| {
        let before = text.get(..at).and_then(|b| b.chars().next_back());
        let after = text.get(at + quoted.len()..).unwrap_or("");
        before != Some('\\') && after.trim_start().starts_with(':')
    })
}

/// A workbook's role: a roster when its first visible sheet's header is a roster's (found
/// under a title by its `id` cell), else submissions. A workbook of
/// more than 8 MB is taken for submissions unread (a roster is far smaller), so that
/// telling a role never reads a province's answers twice.
fn workbook_role(bytes: &[u8]) -> InputRole {
    #[cfg(feature = "xlsx")]
    if bytes.len() <= 8 << 20
        && let Ok(table) =
            crate::read::workbook::keyed_workbook_table(bytes, &crate::Limits::default(), "id")
        && csv_role(&table.header.join(",")) == Some(InputRole::Roster)
    {
        return InputRole::Roster;
    }
    let _ = bytes;
    InputRole::Submissions
}

fn json_role(text: &str) -> Option<InputRole> {
    if has_key(text, "indicators") && has_key(text, "stages") {
        Some(InputRole::Instrument)
    } else if has_key(text, "answers") {
        Some(InputRole::Submissions)
    } else if has_key(text, "decisions") {
        Some(InputRole::Verification)
    } else if has_key(text, "stage") && (has_key(text, "score") || has_key(text, "scores")) {
        Some(InputRole::StageScores)
    } else if has_key(text, "id") && has_key(text, "name") {
        Some(InputRole::Roster)
    } else {
        None
    }
}

fn csv_role(text: &str) -> Option<InputRole> {
    // The header: the first line that is not empty or a `sep=` line.
    let header = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.to_ascii_lowercase().starts_with("sep="))?;
    let cells: Vec<String> = header
        .split([',', ';', '\t'])
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |name: &str| cells.iter().any(|c| c == name);
    if has("stage") && (has("score") || has("scores")) {
        Some(InputRole::StageScores)
    } else if has("agency_id") || has("agency id") {
        Some(InputRole::Submissions)
    } else if has("id") && has("name") {
        Some(InputRole::Roster)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_inside_a_value_is_not_a_key() {
        let text = r#"{"agency": {"id": "1", "name": "x \"answers\": y"}, "note": "decisions"}"#;
        assert_eq!(InputRole::detect(text.as_bytes()), Some(InputRole::Roster));
    }

    #[test]
    fn pretty_and_compact_json_alike() {
        let pretty = "[\n  {\n    \"agency\" : \"3601\",\n    \"stage\": \"visitasi\",\n    \"score\": 90\n  }\n]";
        assert_eq!(
            InputRole::detect(pretty.as_bytes()),
            Some(InputRole::StageScores)
        );
        let lines =
            "{\"instrument\":\"m\",\"agency\":{\"id\":\"1\",\"name\":\"A\"},\"answers\":{}}\n";
        assert_eq!(
            InputRole::detect(lines.as_bytes()),
            Some(InputRole::Submissions)
        );
        assert_eq!(
            InputRole::detect(b"PK\x03\x04rest"),
            Some(InputRole::Submissions)
        );
        assert_eq!(
            InputRole::detect(b"\xef\xbb\xbfsep=;\nagency;stage;score\n"),
            Some(InputRole::StageScores)
        );
        assert_eq!(InputRole::detect(b""), None);
    }

    #[test]
    fn names_round_trip() {
        for role in [
            InputRole::Instrument,
            InputRole::StageScores,
            InputRole::Roster,
        ] {
            assert_eq!(InputRole::from_name(role.name()), Some(role));
        }
        assert_eq!(InputRole::from_name("other"), None);
    }
}
