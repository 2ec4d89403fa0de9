//! Timestamps from the server never panic the console: a property test over arbitrary strings and
//! mutations of valid ones, and valid ones still parse to the right second.
use crate::script::{countdown, parse_timestamp, Expiry};

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Digits and the timestamp's separators, mixed with multi-byte characters of 2, 3 and 4 bytes,
/// combining marks and controls.
const ALPHABET: &[char] = &['0', '1', '2', '5', '9', '-', ':', 'T', 't', 'Z', 'z', '+', '.', ' ', '\t', 'é', 'ß', '日', '€', '😀', '\u{301}', '\u{202e}', '\0', '\u{1b}', '٣', '０', 'x'];

/// Seconds since 1970 the slow way, to check the parser against.
fn naive_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap(y) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let days: i64 = (1970..y).map(|y| if leap(y) { 366 } else { 365 }).sum::<i64>() + month_days[..(mo - 1) as usize].iter().sum::<i64>() + d - 1;
    days * 86_400 + h * 3600 + mi * 60 + s
}

#[test]
fn timestamps_and_countdowns() {
    assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_timestamp("2023-11-14T22:13:20Z"), Some(1_700_000_000));
    assert_eq!(parse_timestamp(" 2023-11-14T23:13:20.123+01:00 "), Some(1_700_000_000));
    assert_eq!(parse_timestamp("2023-11-14T21:13:20-01:00"), Some(1_700_000_000));
    for bad in [
        "yesterday",
        "2023-13-14T22:13:20Z",
        "2023-11-14T22:13:20+0é00",
        "2023-11-14T22:13:20+01é0",
        "2023-11-14T22:13:2é",
        "2023-+1-14T22:13:20Z",
        "2023-11-14T22:13:20+01-00",
        "2023-11-14T22:13:20.Z",
        "é023-11-14T22:13:20Z",
        "2023-11-14T22:13:20+99:00",
    ] {
        assert_eq!(parse_timestamp(bad), None, "{bad}");
    }
    assert_eq!(countdown(3552, 0), "expires in 59:12");
    assert_eq!(countdown(3600, 0), "expires in 1:00:00");
    assert_eq!(countdown(5, 10), "expired");
}

#[test]
fn an_unreadable_expiry_still_expires_within_the_hour() {
    assert_eq!(Expiry::At("2023-11-14T22:13:20Z".into()).resolve(5), 1_700_000_000);
    assert_eq!(Expiry::At("2023-11-14T22:13:20+0é00".into()).resolve(100), 3700);
    assert_eq!(Expiry::After(3600).resolve(100), 3700);
}

#[test]
fn arbitrary_strings_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..50_000 {
        let len = rng.below(40);
        let s: String = (0..len).map(|_| rng.pick(ALPHABET)).collect();
        let _ = parse_timestamp(&s);
    }
}

#[test]
fn valid_timestamps_parse_and_their_mutations_never_panic() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let suffixes = ["Z", "z", "", ".5Z", ".123456+00:00", "+00:00", "-00:00"];
    for _ in 0..20_000 {
        let (y, mo, h, mi, s) = (1970 + rng.below(130) as i64, 1 + rng.below(12) as i64, rng.below(24) as i64, rng.below(60) as i64, rng.below(60) as i64);
        let d = 1 + rng.below(28) as i64;
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{}", rng.pick(&suffixes));
        assert_eq!(parse_timestamp(&text), Some(naive_epoch(y, mo, d, h, mi, s)), "{text}");
        let (oh, om) = (rng.below(15) as i64, rng.below(60) as i64);
        let sign = if rng.below(2) == 0 { '+' } else { '-' };
        let offset = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{sign}{oh:02}:{om:02}");
        let shift = (oh * 3600 + om * 60) * if sign == '+' { 1 } else { -1 };
        assert_eq!(parse_timestamp(&offset), Some(naive_epoch(y, mo, d, h, mi, s) - shift), "{offset}");
        // Mutations: replace, insert or delete one character, or cut the string anywhere.
        let mut chars: Vec<char> = offset.chars().collect();
        let at = rng.below(chars.len());
        match rng.below(4) {
            0 => chars[at] = rng.pick(ALPHABET),
            1 => chars.insert(at, rng.pick(ALPHABET)),
            2 => {
                chars.remove(at);
            }
            _ => chars.truncate(at),
        }
        let _ = parse_timestamp(&chars.into_iter().collect::<String>());
    }
}
