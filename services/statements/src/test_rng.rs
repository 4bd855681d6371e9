//! xorshift64 for the parsers' robustness tests: enough randomness, no dependency, and the
//! same bytes on every run.

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

/// `count` inputs of up to `max_len` bytes: every other one starts with `prefix` (a valid
/// header, so the body code runs), every third is raw random bytes, the rest are drawn from
/// `alphabet` (the format's own characters, which reach deeper into a parser).
pub fn random_inputs(
    seed: u64,
    count: usize,
    max_len: usize,
    prefix: &[u8],
    alphabet: &[u8],
) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|i| {
            let len = rng.below(max_len);
            let mut bytes = if i % 2 == 0 {
                prefix.to_vec()
            } else {
                Vec::new()
            };
            for _ in 0..len {
                let b = if i % 3 == 0 {
                    rng.next() as u8
                } else {
                    alphabet[rng.below(alphabet.len())]
                };
                bytes.push(b);
            }
            bytes
        })
        .collect()
}
