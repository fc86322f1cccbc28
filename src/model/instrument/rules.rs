//! The instrument's rules that more than one stage applies, each in one place: which
//! questions a body is asked (by its category), and which band a number falls in. The
//! checks, the exact and the integer scoring paths, explain and fixes all call these.

use rust_decimal::Decimal;

use super::{Band, Question};
use crate::model::id::CategoryId;

impl Question {
    /// Whether this question is asked of a body of `category` (`None`: a body of no
    /// category, asked only the questions for every category).
    ///
    /// ```
    /// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
    /// let instrument = kip_index::Instrument::from_json(&instrument)?;
    /// let all = instrument.question("JI01").expect("JI01");
    /// assert!(all.applies_to(Some("opd")) && all.applies_to(None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn applies_to(&self, category: Option<&str>) -> bool {
        applies_to_category(self.categories.as_deref(), category)
    }
}

impl Band {
    /// The band an answer falls in, with its index: the first whose bound holds it
    /// (`max` for lower-is-better bands, `min` for higher-is-better), or the catch-all —
    /// the one home of the band rule, for the checks and both scoring paths.
    ///
    /// ```
    /// use kip_index::{Band, Decimal};
    /// let band = |max: Option<i64>, score: i64| {
    ///     Band::new(None, max.map(Decimal::from), Decimal::from(score))
    /// };
    /// // Days to answer a request: within 10 scores 100, within 17 scores 50, else 0.
    /// let bands = [band(Some(10), 100), band(Some(17), 50), band(None, 0)];
    /// assert_eq!(Band::find(&bands, Decimal::from(12)).map(|(k, _)| k), Some(1));
    /// assert_eq!(Band::find(&bands, Decimal::from(40)).map(|(_, b)| b.score), Some(Decimal::ZERO));
    /// ```
    pub fn find(bands: &[Band], answer: Decimal) -> Option<(usize, &Band)> {
        bands
            .iter()
            .enumerate()
            .find(|(_, b)| match (b.min, b.max) {
                (_, Some(max)) => answer <= max,
                (Some(min), None) => answer >= min,
                (None, None) => true,
            })
    }
}

/// Whether a question for `categories` (`None`: every category) is asked of a body of
/// `category` (`None`: a body of no category, asked only what every category is) — the
/// one home of this rule: [`Question::applies_to`], and the plan's copy of a question's
/// categories, call it.
pub(crate) fn applies_to_category(
    categories: Option<&[CategoryId]>,
    category: Option<&str>,
) -> bool {
    categories
        .is_none_or(|cats| category.is_some_and(|category| cats.iter().any(|c| c == category)))
}
