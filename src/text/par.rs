//! Work on every core with the `parallel` feature (rayon, on by default), one item after
//! another without it (the WebAssembly build, which has no threads): the same results
//! in the same order either way. The library writes `use crate::text::par::prelude::*` and
//! rayon's method names; without the feature, these traits give them to ordinary
//! iterators.

#[cfg(feature = "parallel")]
pub(crate) use rayon::prelude;

#[cfg(not(feature = "parallel"))]
pub(crate) mod prelude {
    use std::cmp::Ordering;

    /// `par_iter` on slices: an ordinary iterator.
    pub(crate) trait ParallelSlice<T> {
        fn par_iter(&self) -> std::slice::Iter<'_, T>;
    }

    impl<T> ParallelSlice<T> for [T] {
        fn par_iter(&self) -> std::slice::Iter<'_, T> {
            self.iter()
        }
    }

    /// `into_par_iter` on anything iterable: `into_iter`.
    pub(crate) trait IntoParallelIterator: IntoIterator + Sized {
        fn into_par_iter(self) -> Self::IntoIter {
            self.into_iter()
        }
    }

    impl<I: IntoIterator> IntoParallelIterator for I {}

    /// `collect_into_vec`: the items, in order, into `target` (emptied first).
    pub(crate) trait CollectIntoVec<T>: Iterator<Item = T> + Sized {
        fn collect_into_vec(self, target: &mut Vec<T>) {
            target.clear();
            target.extend(self);
        }
    }

    impl<T, I: Iterator<Item = T>> CollectIntoVec<T> for I {}

    /// `par_sort_by`: a stable sort, as rayon's is.
    pub(crate) trait ParallelSliceMut<T> {
        fn par_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, compare: F);
    }

    impl<T> ParallelSliceMut<T> for [T] {
        fn par_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, compare: F) {
            self.sort_by(compare);
        }
    }
}

/// Runs `a` and `b`, on two cores when there are (rayon's `join`), one after the other
/// without the feature; both results.
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(feature = "parallel")]
    return rayon::join(a, b);
    #[cfg(not(feature = "parallel"))]
    return (a(), b());
}
