//! The ground every layer stands on: problems with their place ([`problem`]), the JSON
//! tree with positions ([`json`], [`decode`]), exact decimals ([`decimal`]) and the
//! parallel shim ([`par`]). Nothing here knows the domain.

pub(crate) mod decimal;
pub(crate) mod decode;
pub(crate) mod file_name;
pub(crate) mod json;
pub(crate) mod language;
pub(crate) mod lines;
pub(crate) mod moment;
pub(crate) mod number;
pub(crate) mod par;
pub(crate) mod problem;
