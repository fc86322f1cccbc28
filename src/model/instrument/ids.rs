//! What the instrument's ids may be: written in a sheet's header (question ids) and in
//! its cells (option and checklist item ids), by `kip template` and by people, and read
//! back by the sheet reader without a second meaning.

/// Why a question id cannot head a sheet's column, if it cannot.
pub(super) fn unwritable_question_id(id: &str) -> Option<&'static str> {
    let lower = id.to_ascii_lowercase();
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return Some("it has other characters (a separator, a space, a formula's `=`)");
    }
    if !id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric()) {
        return Some("it must begin with a letter or a digit");
    }
    if lower.ends_with(".evidence") {
        return Some("`.evidence` ends the name of a question's evidence column");
    }
    if [
        "agency_id",
        "agency_name",
        "category",
        "region",
        "rater",
        "rater_group",
        "submitted_at",
    ]
    .contains(&lower.as_str())
    {
        return Some("it is the name of an agency column");
    }
    None
}

/// Why an option or checklist item id cannot be written in a sheet's cell, if it cannot.
pub(super) fn unwritable_answer_id(id: &str) -> Option<&'static str> {
    if id.trim() != id || id.is_empty() {
        return Some("it begins or ends with a space, or is empty");
    }
    if id.contains([';', '\n', '\r']) {
        return Some("a `;` separates a checklist's items and a line end its rows");
    }
    if id.starts_with(['=', '+', '@']) || (id.starts_with('-') && id.len() > 1) {
        return Some("a spreadsheet would read it as a formula");
    }
    if id == "-" || id.eq_ignore_ascii_case("na") {
        return Some("`-` (none chosen) and `NA` (not applicable) are answers of their own");
    }
    None
}
