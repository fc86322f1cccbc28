//! Many bodies: the batch that collects them ([`collect`]), ranking ([`rank`]), the
//! results and their writers ([`results`], [`write`], [`csv_output`]), summaries,
//! roll-ups, stage warnings, JSON Lines files in pieces ([`pieces`]), and batches from
//! files' bytes by role ([`files`]) or texts ([`texts`]), side files read apart
//! ([`side`]). May import every layer
//! below it (`text`, `model`, `read`, `score`).

pub(crate) mod array;
#[cfg(feature = "arrow")]
pub(crate) mod arrow;
pub(crate) mod collect;
pub(crate) mod csv_output;
pub(crate) mod decree;
pub(crate) mod files;
pub(crate) mod finish;
pub(crate) mod missing;
pub(crate) mod not_assessed;
pub(crate) mod pieces;
pub(crate) mod progress;
pub(crate) mod rank;
pub(crate) mod results;
pub(crate) mod rollup;
pub(crate) mod roster;
pub(crate) mod rounds;
pub(crate) mod side;
pub(crate) mod source;
pub(crate) mod summary;
pub(crate) mod texts;
pub(crate) mod warning;
pub(crate) mod write;
