//! The domain's files as values: the instrument, a submission, the verifiers' decisions
//! and stage scores, each read from a JSON tree and checked ([`instrument`],
//! [`submission`], [`verification`]), the ids of questions, categories and
//! qualifications ([`id`]) and input limits
//! ([`limits`]). May import `text` only.

pub(crate) mod check;
pub(crate) mod id;
pub(crate) mod instrument;
pub(crate) mod limits;
pub(crate) mod roster;
pub(crate) mod submission;
pub(crate) mod verification;
pub(crate) mod view;
