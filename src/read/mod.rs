//! Files of many records in every framing — JSON, JSON Lines, CSV and workbooks — read
//! into records that hold a value or every problem ([`source`], [`framing`],
//! [`csv_input`], [`fastread`], [`sheet_header`], [`sheet_input`], [`stream`]; a stage in parts, [`stage_parts`]); a file's role in a
//! batch told from its content ([`role`]). May import `text` and `model`.

pub(crate) mod array;
pub(crate) mod csv_input;
pub(crate) mod fastread;
pub(crate) mod framing;
pub(crate) mod record;
pub(crate) mod role;
pub(crate) mod sheet_header;
pub(crate) mod sheet_input;
pub(crate) mod sheet_output;
pub(crate) mod source;
pub(crate) mod stage_parts;
pub(crate) mod stream;
pub(crate) mod table;
#[cfg(feature = "xlsx")]
pub(crate) mod workbook;
