//! A fast, non-keyed hasher for small in-process tables whose keys are not chosen by an
//! attacker who could profit from collisions (rule-pack words looked up per post).
//!
//! The std `HashMap` hashes with SipHash-1-3, which costs more than the lookups it serves
//! when a context window looks up every word of a post: ~11 K instructions per realistic post
//! (BENCHMARKS.md, seventh round). This is the multiply-rotate scheme of rustc's `FxHasher`.

use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Multiply-rotate hasher, eight bytes at a time.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::FxHashMap;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let words = ["a", "ab", "abcdefgh", "abcdefghi", "discharged", "", "pt's"];
        let map: FxHashMap<String, usize> = words.iter().enumerate().map(|(i, w)| (w.to_string(), i)).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(*w), Some(&i));
        }
        assert_eq!(map.get("abcdefg"), None);
        assert_eq!(map.get("b"), None);
    }
}
