//! Exact fractions: the arithmetic of scoring.
//!
//! Scores are made by dividing — by sums of relative weights, by a scale's span, by a
//! checklist's points, by the number of raters or judges — and a quotient such as 1/3 has
//! no exact decimal. A [`Ratio`] keeps every quotient as a fraction of two integers, so a
//! final score that is mathematically 89.995 *is* 89.995 whatever the order of the sums,
//! and rounds to 90.00. Rounding to a [`Decimal`] happens once, at the end
//! ([`Ratio::round`]).
//!
//! Every operation is checked: a result too large for 128-bit integers is `None`, which
//! the scorer reports as a problem instead of producing a wrong score.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use crate::text::problem::{Problem, ProblemKind};

/// An exact fraction `numer / denom`, always in lowest terms with a positive denominator.
///
/// ```
/// use kip_index::Ratio;
///
/// let third = Ratio::new(1, 3).unwrap();
/// let sum = third.checked_add(third).and_then(|s| s.checked_add(third)).unwrap();
/// assert_eq!(sum, Ratio::ONE);
/// // 269.985 / 3 = 89.995 exactly, which rounds half away from zero to 90.00.
/// let score = Ratio::new(269_985, 3_000).unwrap();
/// assert_eq!(score.round(2).unwrap().to_string(), "90.00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    numer: i128,
    denom: i128,
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { numer: 0, denom: 1 };
    /// One.
    pub const ONE: Ratio = Ratio { numer: 1, denom: 1 };
    /// One hundred: a perfect score.
    pub const HUNDRED: Ratio = Ratio {
        numer: 100,
        denom: 1,
    };

    /// `numer / denom` in lowest terms; `None` when `denom` is 0 (or the sign cannot be
    /// moved onto the numerator).
    pub fn new(numer: i128, denom: i128) -> Option<Ratio> {
        if denom == 0 {
            return None;
        }
        let g = gcd(numer.unsigned_abs(), denom.unsigned_abs());
        let (mut n, mut d) = (
            divide(numer, i128::try_from(g).ok()?),
            divide(denom, i128::try_from(g).ok()?),
        );
        if d < 0 {
            n = n.checked_neg()?;
            d = d.checked_neg()?;
        }
        Some(Ratio { numer: n, denom: d })
    }

    /// A whole number.
    pub const fn from_integer(n: i128) -> Ratio {
        Ratio { numer: n, denom: 1 }
    }

    /// A decimal, exactly (a decimal is an integer over a power of ten, which always
    /// fits).
    pub fn from_decimal(value: Decimal) -> Ratio {
        let denom = 10i128.pow(value.scale());
        // A decimal's mantissa is below 2^96 and its scale at most 28, so this never
        // fails; the fallback keeps the function total.
        // A decimal's scale is at most 28, so 10^scale is a positive i128 and the
        // fraction always exists.
        Ratio::new(value.mantissa(), denom).expect("10^scale of a decimal is a positive i128")
    }

    /// The numerator (its sign is the fraction's).
    pub const fn numer(self) -> i128 {
        self.numer
    }

    /// The denominator, always positive.
    pub const fn denom(self) -> i128 {
        self.denom
    }

    /// Whether the fraction is zero.
    pub const fn is_zero(self) -> bool {
        self.numer == 0
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Ratio) -> Option<Ratio> {
        if self.denom == other.denom {
            return Ratio::new(self.numer.checked_add(other.numer)?, self.denom);
        }
        // Over the least common denominator, which keeps the numbers small.
        let g = i128::try_from(gcd(self.denom.unsigned_abs(), other.denom.unsigned_abs())).ok()?;
        let left = self.numer.checked_mul(other.denom / g)?;
        let right = other.numer.checked_mul(self.denom / g)?;
        Ratio::new(
            left.checked_add(right)?,
            (self.denom / g).checked_mul(other.denom)?,
        )
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Ratio) -> Option<Ratio> {
        self.checked_add(Ratio {
            numer: other.numer.checked_neg()?,
            denom: other.denom,
        })
    }

    /// `self × other`, or `None` on overflow.
    pub fn checked_mul(self, other: Ratio) -> Option<Ratio> {
        // Cancel across before multiplying, so that only a result too large overflows.
        let g1 = i128::try_from(gcd(self.numer.unsigned_abs(), other.denom.unsigned_abs())).ok()?;
        let g2 = i128::try_from(gcd(other.numer.unsigned_abs(), self.denom.unsigned_abs())).ok()?;
        let numer = divide(self.numer, g1).checked_mul(divide(other.numer, g2))?;
        let denom = divide(self.denom, g2).checked_mul(divide(other.denom, g1))?;
        Ratio::new(numer, denom)
    }

    /// `self / other`, or `None` when `other` is zero or on overflow.
    pub fn checked_div(self, other: Ratio) -> Option<Ratio> {
        if other.numer == 0 {
            return None;
        }
        self.checked_mul(Ratio::new(other.denom, other.numer)?)
    }

    /// Rounds to `decimals` digits after the point, half away from zero, into a decimal
    /// that carries exactly `decimals` digits (`88.4` → `88.40`); `None` if it does not
    /// fit in a decimal.
    ///
    /// ```
    /// use kip_index::Ratio;
    /// // 2/3 = 0.666... → 0.67; -2/3 → -0.67; 1/8 = 0.125 → 0.13 (not the even 0.12).
    /// assert_eq!(Ratio::new(2, 3).unwrap().round(2).unwrap().to_string(), "0.67");
    /// assert_eq!(Ratio::new(-2, 3).unwrap().round(2).unwrap().to_string(), "-0.67");
    /// assert_eq!(Ratio::new(1, 8).unwrap().round(2).unwrap().to_string(), "0.13");
    /// ```
    pub fn round(self, decimals: u32) -> Option<Decimal> {
        // One integer division when numer × 10^decimals fits; digit by digit otherwise.
        if let Some(rounded) = round_fraction(self.numer, self.denom, decimals) {
            return Some(rounded);
        }
        self.round_by_digits(decimals)
    }

    /// [`Ratio::round`] by long division, for values whose one division would overflow.
    fn round_by_digits(self, decimals: u32) -> Option<Decimal> {
        let negative = self.numer < 0;
        let numer = self.numer.unsigned_abs();
        let denom = self.denom.unsigned_abs();
        // Long division, one digit at a time: the remainder stays below the denominator,
        // so nothing overflows however many digits are asked for.
        let mut digits = numer / denom;
        let mut remainder = numer % denom;
        for _ in 0..decimals {
            remainder = remainder.checked_mul(10)?;
            digits = digits.checked_mul(10)?.checked_add(remainder / denom)?;
            remainder %= denom;
        }
        // Half away from zero: a remainder of at least half the denominator rounds up
        // in magnitude.
        if remainder >= denom - remainder {
            digits = digits.checked_add(1)?;
        }
        let mantissa = i128::try_from(digits).ok()?;
        let mantissa = if negative { -mantissa } else { mantissa };
        Decimal::try_from_i128_with_scale(mantissa, decimals).ok()
    }
}

/// Rounds `numer / denom` half away from zero with one integer division; `None` when
/// `numer × 10^decimals` would overflow (then [`Ratio::round`] divides digit by digit).
/// The fraction need not be in lowest terms: a score rounds without a gcd.
pub(crate) fn round_fraction(numer: i128, denom: i128, decimals: u32) -> Option<Decimal> {
    if denom <= 0 {
        return None;
    }
    let scaled = numer.checked_mul(10i128.checked_pow(decimals)?)?;
    // A score's fraction nearly always fits 64 bits: one machine division then, where
    // 128 bits take two calls into the runtime (the Arrow table and the JSON round every
    // score they write).
    let (quotient, remainder) = match (i64::try_from(scaled), i64::try_from(denom)) {
        (Ok(s), Ok(d)) => (i128::from(s / d), i128::from(s % d)),
        _ => (scaled / denom, scaled % denom),
    };
    let magnitude = remainder.unsigned_abs();
    let away = magnitude >= denom.unsigned_abs() - magnitude;
    let digits = match (away, scaled < 0) {
        (false, _) => quotient,
        (true, false) => quotient.checked_add(1)?,
        (true, true) => quotient.checked_sub(1)?,
    };
    Decimal::try_from_i128_with_scale(digits, decimals).ok()
}

impl From<Decimal> for Ratio {
    fn from(value: Decimal) -> Ratio {
        Ratio::from_decimal(value)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    /// Compares without overflow, by the continued-fraction expansion: whole parts
    /// first, then the reciprocals of the remainders.
    fn cmp(&self, other: &Ratio) -> Ordering {
        let (mut a, mut b) = (self.numer, self.denom);
        let (mut c, mut d) = (other.numer, other.denom);
        let mut flipped = false;
        loop {
            let (q1, r1) = (a.div_euclid(b), a.rem_euclid(b));
            let (q2, r2) = (c.div_euclid(d), c.rem_euclid(d));
            let order = match q1.cmp(&q2) {
                Ordering::Equal => match (r1 == 0, r2 == 0) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => {
                        // r1/b vs r2/d, both in (0, 1), orders as b/r1 vs d/r2 reversed.
                        (a, b, c, d) = (b, r1, d, r2);
                        flipped = !flipped;
                        continue;
                    }
                },
                unequal => unequal,
            };
            return if flipped { order.reverse() } else { order };
        }
    }
}

impl fmt::Display for Ratio {
    /// `numer/denom`, or just the integer when the denominator is 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denom == 1 {
            write!(f, "{}", self.numer)
        } else {
            write!(f, "{}/{}", self.numer, self.denom)
        }
    }
}

/// `n / g` for a divisor `g` ≥ 1: in 64 bits when both fit — nearly every score's
/// numbers do, and a 128-bit division is a call costing many times more.
fn divide(n: i128, g: i128) -> i128 {
    match (i64::try_from(n), i64::try_from(g)) {
        (Ok(n), Ok(g)) if g > 0 => i128::from(n / g),
        _ => n / g.max(1),
    }
}

/// Binary GCD; `gcd(0, 0)` is 1 so that dividing by it is always safe. In 64 bits when
/// both fit (the same steps, on half the width).
pub(crate) fn gcd(a: u128, b: u128) -> u128 {
    if a == 0 || b == 0 {
        return (a | b).max(1);
    }
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(binary_gcd_u64(a, b)),
        _ => binary_gcd_u128(a, b),
    }
}

/// Stein's binary GCD of two non-zero numbers, for one width: one set of steps, two
/// widths.
macro_rules! binary_gcd {
    ($name:ident, $int:ty) => {
        fn $name(mut a: $int, mut b: $int) -> $int {
            let shift = (a | b).trailing_zeros();
            a >>= a.trailing_zeros();
            loop {
                b >>= b.trailing_zeros();
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                b -= a;
                if b == 0 {
                    return a << shift;
                }
            }
        }
    };
}

binary_gcd!(binary_gcd_u64, u64);
binary_gcd!(binary_gcd_u128, u128);

/// The problem of exact arithmetic beyond 128-bit integers.
pub(crate) fn overflow() -> Problem {
    Problem::new(
        ProblemKind::Arithmetic,
        "",
        "expected scores that can be computed exactly, found weights or answers whose exact \
         arithmetic exceeds 128-bit integers",
    )
}

/// `Option` to `Result` for checked arithmetic.
pub(crate) fn exact<T>(value: Option<T>) -> Result<T, Problem> {
    value.ok_or_else(overflow)
}

#[cfg(test)]
mod one_rounding {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The one-division path and the long division round every value alike.
        #[test]
        fn both_paths_round_alike(numer in any::<i64>(), denom in 1i64..1_000_000, decimals in 0u32..6) {
            let ratio = Ratio::new(i128::from(numer), i128::from(denom));
            prop_assume!(ratio.is_some());
            let Some(ratio) = ratio else { return Ok(()) };
            let fast = round_fraction(ratio.numer, ratio.denom, decimals);
            prop_assume!(fast.is_some());
            prop_assert_eq!(fast, ratio.round_by_digits(decimals));
        }

        /// The 64-bit GCD and division give what the 128-bit steps give, on both sides
        /// of the 64-bit edge.
        #[test]
        fn the_64_bit_steps_agree_with_the_128_bit_ones(
            a in prop_oneof![any::<u64>().prop_map(u128::from), any::<u128>()],
            b in prop_oneof![1u64..1000, any::<u64>()].prop_map(u128::from),
        ) {
            let wide = |mut a: u128, mut b: u128| {
                while b != 0 {
                    (a, b) = (b, a % b);
                }
                a.max(1)
            };
            prop_assert_eq!(gcd(a, b), wide(a, b));
            let (n, g) = ((a >> 1) as i128, i128::try_from(b).unwrap_or(1).max(1));
            prop_assert_eq!(divide(n, g), n / g);
            prop_assert_eq!(divide(-n, g), -n / g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d).unwrap_or_else(|| panic!("{n}/{d}"))
    }

    #[test]
    fn keeps_lowest_terms_and_a_positive_denominator() {
        assert_eq!(r(6, 8), r(3, 4));
        assert_eq!((r(6, -8).numer(), r(6, -8).denom()), (-3, 4));
        assert_eq!(r(0, -5), Ratio::ZERO);
        assert_eq!(Ratio::new(1, 0), None);
    }

    #[test]
    fn thirds_sum_exactly_where_decimals_do_not() {
        let third = r(1, 3);
        let sum = third.checked_add(third).and_then(|s| s.checked_add(third));
        assert_eq!(sum, Some(Ratio::ONE));
        // rust_decimal: 1/3 + 1/3 + 1/3 = 0.9999999999999999999999999999.
        let d = Decimal::ONE / Decimal::from(3);
        assert_ne!(d + d + d, Decimal::ONE);
    }

    #[test]
    fn arithmetic_matches_hand_results() {
        // 1/6 + 1/10 = 5/30 + 3/30 = 8/30 = 4/15.
        assert_eq!(r(1, 6).checked_add(r(1, 10)), Some(r(4, 15)));
        // 1/6 - 1/4 = 2/12 - 3/12 = -1/12.
        assert_eq!(r(1, 6).checked_sub(r(1, 4)), Some(r(-1, 12)));
        // 4/9 × 3/8 = 12/72 = 1/6.
        assert_eq!(r(4, 9).checked_mul(r(3, 8)), Some(r(1, 6)));
        // (2/3) / (4/9) = 18/12 = 3/2.
        assert_eq!(r(2, 3).checked_div(r(4, 9)), Some(r(3, 2)));
        assert_eq!(r(2, 3).checked_div(Ratio::ZERO), None);
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        let huge = Ratio::from_integer(i128::MAX);
        assert_eq!(huge.checked_add(Ratio::ONE), None);
        assert_eq!(huge.checked_mul(Ratio::from_integer(2)), None);
        assert_eq!(Ratio::from_integer(i128::MIN).checked_sub(Ratio::ONE), None);
        assert_eq!(Ratio::new(i128::MIN, -1), None);
    }

    #[test]
    fn decimals_convert_exactly() {
        assert_eq!(Ratio::from_decimal(Decimal::new(89995, 3)), r(17999, 200));
        assert_eq!(Ratio::from_decimal(Decimal::new(-5, 1)), r(-1, 2));
        assert_eq!(Ratio::from_decimal(Decimal::MAX).denom(), 1);
        let tiny = Decimal::from_i128_with_scale(1, 28);
        assert_eq!(Ratio::from_decimal(tiny).denom(), 10i128.pow(28));
    }

    #[test]
    fn rounds_half_away_from_zero_at_exact_midpoints() {
        assert_eq!(
            r(17999, 200).round(2).map(|d| d.to_string()),
            Some("90.00".into())
        );
        assert_eq!(
            r(-17999, 200).round(2).map(|d| d.to_string()),
            Some("-90.00".into())
        );
        // Just below the midpoint: 89.995 - 1/3000000 stays 89.99.
        let below = r(17999, 200).checked_sub(r(1, 3_000_000));
        assert_eq!(
            below.and_then(|b| b.round(2)).map(|d| d.to_string()),
            Some("89.99".into())
        );
        assert_eq!(r(1, 2).round(0).map(|d| d.to_string()), Some("1".into()));
        assert_eq!(
            r(884, 10).round(2).map(|d| d.to_string()),
            Some("88.40".into())
        );
        // A denominator near the top of i128 still rounds without overflow.
        let big = r(1, i128::MAX);
        assert_eq!(
            big.round(10).map(|d| d.to_string()),
            Some("0.0000000000".into())
        );
    }

    #[test]
    fn compares_without_overflow() {
        assert!(r(1, 3) < r(1, 2));
        assert!(r(-1, 3) > r(-1, 2));
        assert!(r(2, 4) == r(1, 2));
        let a = r(i128::MAX - 1, i128::MAX);
        let b = r(i128::MAX - 2, i128::MAX - 1);
        assert!(a > b);
        assert!(r(7, 2) > r(3, 1));
        assert_eq!(r(5, 1).cmp(&r(5, 1)), Ordering::Equal);
    }
}
