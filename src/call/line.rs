//! Choosing what the caller says: the mood band picks among calm, upset and angry texts, and
//! the seed picks among variants, so `--seed` varies the wording and nothing else does.

use crate::scenario::{Line, Variants};

/// A caller's mood, 0 (calm) to 10 (hangs up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mood(pub u8);

impl Mood {
    /// 0 calm (0-3), 1 upset (4-6), 2 angry (7-10).
    pub fn band(self) -> u8 {
        match self.0 {
            0..=3 => 0,
            4..=6 => 1,
            _ => 2,
        }
    }

    pub fn word(self) -> &'static str {
        ["calm", "upset", "angry"][self.band() as usize]
    }
}

/// The text of `line` for `mood`. `context` and `turn` make different places in the call pick
/// independently; the seed shifts every pick at once.
pub fn pick_line(line: &Line, mood: Mood, seed: u64, context: &str, turn: u32) -> String {
    pick_unsaid(line, mood, seed, context, turn, &[])
}

/// [`pick_line`], passing over variants already in `said` (the caller does not say the same
/// thing twice while they have another way to put it): the seeded pick when it is new, else
/// the next new variant after it, else the seeded pick.
pub fn pick_unsaid(line: &Line, mood: Mood, seed: u64, context: &str, turn: u32, said: &[String]) -> String {
    let variants = variants_for(line, mood);
    if variants.is_empty() {
        return String::new();
    }
    let start = (mix(seed ^ fnv(context) ^ u64::from(turn).rotate_left(32)) % variants.len() as u64) as usize;
    let nth = |i: usize| variants[(start + i) % variants.len()].trim();
    (0..variants.len())
        .map(nth)
        .find(|text| !said.iter().any(|s| s == text))
        .unwrap_or_else(|| nth(0))
        .to_owned()
}

/// Every text a line can say, in every band.
pub fn all_variants(line: &Line) -> Vec<&str> {
    match line {
        Line::ByMood(_) => [Mood(0), Mood(5), Mood(10)]
            .into_iter()
            .flat_map(|m| variants_for(line, m))
            .collect(),
        _ => variants_for(line, Mood(0)),
    }
}

/// The variants of `line` for `mood`'s band, or the nearest band that has text: an author may
/// write only an upset line.
fn variants_for(line: &Line, mood: Mood) -> Vec<&str> {
    match line {
        Line::One(text) => vec![text.as_str()],
        Line::Variants(list) => list.iter().map(String::as_str).collect(),
        Line::ByMood(by_mood) => {
            let bands = [&by_mood.calm, &by_mood.upset, &by_mood.angry];
            let order: [usize; 3] = match mood.band() {
                0 => [0, 1, 2],
                1 => [1, 0, 2],
                _ => [2, 1, 0],
            };
            match order.iter().find_map(|&b| bands[b].as_ref()) {
                Some(Variants::One(text)) => vec![text.as_str()],
                Some(Variants::Many(list)) => list.iter().map(String::as_str).collect(),
                None => Vec::new(),
            }
        }
    }
}

/// SplitMix64's finaliser: a well-spread, platform-independent hash of a number.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::MoodLines;

    #[test]
    fn mood_picks_the_band_and_falls_back_to_the_nearest() {
        let line = Line::ByMood(MoodLines {
            calm: Some(Variants::One("fine".into())),
            upset: None,
            angry: Some(Variants::One("ARGH".into())),
        });
        assert_eq!(pick_line(&line, Mood(2), 0, "x", 1), "fine");
        assert_eq!(pick_line(&line, Mood(8), 0, "x", 1), "ARGH");
        assert_eq!(pick_line(&line, Mood(5), 0, "x", 1), "fine");
    }

    #[test]
    fn the_seed_varies_wording_deterministically() {
        let line = Line::Variants((0..8).map(|i| format!("v{i}")).collect());
        let picks = |seed| {
            (1..=6)
                .map(|t| pick_line(&line, Mood(0), seed, "n", t))
                .collect::<Vec<_>>()
        };
        assert_eq!(picks(1), picks(1));
        assert_ne!(picks(1), picks(2));
    }

    #[test]
    fn an_unsaid_variant_is_preferred_while_there_is_one() {
        let line = Line::Variants(vec!["a".into(), "b".into(), "c".into()]);
        let first = pick_line(&line, Mood(0), 0, "n", 1);
        let mut said = vec![first.clone()];
        let second = pick_unsaid(&line, Mood(0), 0, "n", 1, &said);
        assert_ne!(first, second);
        said.push(second);
        let third = pick_unsaid(&line, Mood(0), 0, "n", 1, &said);
        assert!(!said.contains(&third));
        said.push(third);
        assert_eq!(
            pick_unsaid(&line, Mood(0), 0, "n", 1, &said),
            first,
            "all said: the seeded pick"
        );
    }
}
