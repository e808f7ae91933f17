//! Start-up work side by side: parsing packs and compiling them are CPU-bound pieces that
//! do not depend on each other, and a one-post run (a pre-commit hook) waits for all of them.

/// Run `a` on a second thread and `b` on this one, and return both results; `a` runs here
/// too if no thread can be had. A panic in `a` resumes here.
pub fn join<A: Send, B>(a: impl Fn() -> A + Sync, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().name("postlint-start".into()).spawn_scoped(scope, &a);
        let b = b();
        let a = match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => a(),
        };
        (a, b)
    })
}

/// `items` cut after the item that brings the running total of `size` to half the whole: two
/// halves of about equal work to hand to `join`.
pub fn halves<T>(items: &[T], size: impl Fn(&T) -> usize) -> (&[T], &[T]) {
    let total: usize = items.iter().map(&size).sum();
    let mut first = 0;
    let at = items
        .iter()
        .position(|item| {
            first += size(item);
            first >= total / 2
        })
        .map_or(items.len(), |i| i + 1);
    items.split_at(at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        let data = [1, 2, 3];
        let (sum, len) = super::join(|| data.iter().sum::<i32>(), || data.len());
        assert_eq!((sum, len), (6, 3));
    }

    #[test]
    fn halves_split_by_size() {
        let sizes = [5, 1, 1, 1, 2];
        assert_eq!(super::halves(&sizes, |&s| s), (&sizes[..1], &sizes[1..]));
        assert_eq!(super::halves(&[1, 1, 1, 1], |&s| s), (&[1, 1][..], &[1, 1][..]));
        assert_eq!(super::halves(&[] as &[usize], |&s| s), (&[][..], &[][..]));
    }
}
