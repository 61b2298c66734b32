//! What a release of one block's answers to one item reveals.

/// Options of a scale item: index 0 is "kan ik niet beoordelen" (CJ), 1..=5 the scale.
pub const OPTIONS: usize = 6;
pub const CJ: usize = 0;

/// How many respondents of a block chose each option.
pub type Counts = [u32; OPTIONS];

/// The same for every block and item of a round (mixing types leaks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReleaseType {
    /// Headcount, number of CJ answers and the sum of valid answers (shown as a mean with n).
    Mean,
    /// The whole count vector (shown as a distribution).
    Dist,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Release {
    Mean { h: u32, cj: u32, sum: u32 },
    Dist(Counts),
}

pub fn headcount(v: &Counts) -> u32 {
    v.iter().sum()
}

pub fn n_valid(v: &Counts) -> u32 {
    headcount(v) - v[CJ]
}

pub fn sum_valid(v: &Counts) -> u32 {
    (1..OPTIONS).map(|o| o as u32 * v[o]).sum()
}

pub fn release(kind: ReleaseType, v: &Counts) -> Release {
    match kind {
        ReleaseType::Mean => Release::Mean {
            h: headcount(v),
            cj: v[CJ],
            sum: sum_valid(v),
        },
        ReleaseType::Dist => Release::Dist(*v),
    }
}

impl Release {
    /// Valid (non-CJ) answers behind the release.
    pub fn n_valid(&self) -> u32 {
        match self {
            Release::Mean { h, cj, .. } => h - cj,
            Release::Dist(v) => n_valid(v),
        }
    }

    /// The mean of the valid answers, if there are any.
    pub fn mean(&self) -> Option<f64> {
        let (n, sum) = match self {
            Release::Mean { h, cj, sum } => (h - cj, *sum),
            Release::Dist(v) => (n_valid(v), sum_valid(v)),
        };
        (n > 0).then(|| f64::from(sum) / f64::from(n))
    }
}

/// Every count vector of `h` answers over the options (for audits and tests;
/// there are C(h + 5, 5) of them).
pub fn all_counts(h: u32) -> Vec<Counts> {
    fn fill(i: usize, left: u32, v: &mut Counts, out: &mut Vec<Counts>) {
        if i == OPTIONS - 1 {
            v[i] = left;
            out.push(*v);
            return;
        }
        for x in 0..=left {
            v[i] = x;
            fill(i + 1, left - x, v, out);
        }
    }
    let mut out = Vec::new();
    fill(0, h, &mut [0; OPTIONS], &mut out);
    out
}
