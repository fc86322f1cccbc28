//! One body scored exactly: the instrument compiled into a [`plan`], the exact path
//! ([`exact`]), the integer fast path ([`fast`]) and the fractions they compute in
//! ([`ratio`]). May import `text` and `model`.

pub(crate) mod aggregate;
pub(crate) mod card;
pub(crate) mod exact;
pub(crate) mod fast;
pub(crate) mod gates;
pub(crate) mod id_key;
pub(crate) mod plan;
pub(crate) mod ratio;
pub(crate) mod rounds;
pub(crate) mod settle;
pub(crate) mod sheet;
pub(crate) mod what_if;
pub(crate) mod when;
