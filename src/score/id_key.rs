//! Ids compared as numbers: an id of up to 16 bytes as its bytes in one big-endian
//! integer and its length, which order exactly as the text does — so that matching a
//! body's answers to the plan's questions (every answer of every body) costs integer
//! comparisons, not a call to compare memory each.

use std::cmp::Ordering;

/// An id's order key: its first 16 bytes (zero-padded) as a big-endian integer, and its
/// length. For ids of at most 16 bytes, `(prefix, len)` orders as the ids do: where
/// the bytes differ the first difference decides; where one id is the other followed by
/// zero bytes, the shorter comes first, as in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey {
    prefix: u128,
    len: usize,
}

impl IdKey {
    pub(crate) fn of(id: &str) -> IdKey {
        let mut bytes = [0u8; 16];
        for (slot, b) in bytes.iter_mut().zip(id.bytes()) {
            *slot = b;
        }
        IdKey {
            prefix: u128::from_be_bytes(bytes),
            len: id.len(),
        }
    }

    /// How the id keyed `self` (whose text is `text`) orders against `other`'s id
    /// (`other_text`): by the keys when both ids are short, by the texts otherwise.
    pub(crate) fn cmp_ids(self, text: &str, other: IdKey, other_text: &str) -> Ordering {
        if self.len <= 16 && other.len <= 16 {
            (self.prefix, self.len).cmp(&(other.prefix, other.len))
        } else {
            text.cmp(other_text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdKey;
    use proptest::prelude::*;

    proptest! {
        /// Keys order every pair of ids as their texts do, NULs, long ids and multi-byte
        /// characters included.
        #[test]
        fn keys_order_ids_as_their_texts(
            a in "[Q0\\x00é]{0,20}",
            b in "[Q0\\x00é]{0,20}",
        ) {
            let order = IdKey::of(&a).cmp_ids(&a, IdKey::of(&b), &b);
            prop_assert_eq!(order, a.cmp(&b));
        }
    }

    #[test]
    fn a_prefix_with_zero_bytes_is_still_a_longer_id() {
        let (a, b) = ("Q1", "Q1\0");
        assert_eq!(IdKey::of(a).cmp_ids(a, IdKey::of(b), b), a.cmp(b));
        assert_eq!(IdKey::of(b).cmp_ids(b, IdKey::of(a), a), b.cmp(a));
    }
}
