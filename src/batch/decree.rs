//! The decree (*Surat Keputusan*) results are published under, and an amendment: results
//! that correct a decree published earlier, with every body whose standing changed
//! (KI Pusat's SK 53/KEP/KIP/XII/2024 amended SK 52 after a "kesalahan teknis
//! perhitungan": Kalimantan Timur 92,31 → 98,31, rank 19 → 2). The changes are found by
//! the comparison `kip diff` makes (`insight::diff`); this module holds what they are.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::id::QualificationId;
use crate::text::decimal;

/// The decree the results are published under: its number and, if given, its date (as
/// written: `2024-12-20`).
///
/// ```
/// use kip_index::Decree;
///
/// let decree = Decree::new("53/KEP/KIP/XII/2024").dated("2024-12-20");
/// assert_eq!(serde_json::to_string(&decree)?, r#"{"number":"53/KEP/KIP/XII/2024","date":"2024-12-20"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Decree {
    /// The decree's number (`53/KEP/KIP/XII/2024`).
    pub number: String,
    /// Its date, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Decree {
    /// A decree by its number.
    pub fn new(number: impl Into<String>) -> Decree {
        Decree {
            number: number.into(),
            date: None,
        }
    }

    /// The decree with its date.
    pub fn dated(mut self, date: impl Into<String>) -> Decree {
        self.date = Some(date.into());
        self
    }
}

/// One body's standing in published results: its final, qualification and ranks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Standing {
    /// The published final score, exactly as written.
    #[serde(rename = "final", serialize_with = "decimal::serialize")]
    pub final_score: Decimal,
    /// The qualification id.
    pub qualification: QualificationId,
    /// The overall rank, when the results have ranks.
    pub rank: Option<usize>,
    /// The rank in its category, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_category: Option<usize>,
    /// The rank among the bodies of its category with its qualification (the annex KI
    /// Pusat publishes: "fourth among the Menuju Informatif"), when the results have it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_qualification: Option<usize>,
}

/// Results that amend results published earlier: which decree they amend, a proof of the
/// very file amended, why, and every body whose standing changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Amendment {
    /// The number of the decree amended (the old results' `decree`), if they name one.
    pub amends: Option<String>,
    /// The SHA-256 of the amended results file's bytes, in hexadecimal.
    pub amends_sha256: String,
    /// Why (`kesalahan teknis perhitungan`).
    pub reason: String,
    /// Every body whose final, qualification or a rank changed, every body added
    /// (`before` null) and every body gone (`after` null), by agency id.
    pub changes: Vec<AmendedBody>,
}

/// One body in an amendment: its standing before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AmendedBody {
    /// The agency id.
    pub agency: String,
    /// Its name (from the new results when it is there).
    pub name: String,
    /// In the results amended; `None` for a body added.
    pub before: Option<Standing>,
    /// In these results; `None` for a body gone.
    pub after: Option<Standing>,
}
