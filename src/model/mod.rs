//! The domain's files as values: the instrument, a submission, the verifiers' decisions
//! and stage scores, each read from a JSON tree and checked ([`instrument`],
//! [`submission`], [`verification`]), question ids ([`question_id`]) and input limits
//! ([`limits`]). May import `text` only.

pub(crate) mod check;
pub(crate) mod instrument;
pub(crate) mod limits;
pub(crate) mod question_id;
pub(crate) mod submission;
pub(crate) mod verification;
pub(crate) mod view;
