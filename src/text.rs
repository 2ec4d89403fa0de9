//! Text as a person sees it: the characters of server text that do not show, or that reorder what
//! does, and counts grouped by thousands.

/// Zero-width and formatting characters, and the bidirectional controls that can make a name
/// read differently from what it is (`Trojan Source`, CVE-2021-42574).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// Bidirectional embedding, override and isolate controls, and the marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A count as people write it in English: `1,240`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Milliseconds as seconds to one decimal, rounded: `1450.0` → `1.5`. Integer arithmetic, so the
/// console carries no float formatting code (about 10 KB of wasm) for the few times it shows seconds.
pub fn seconds_tenths(ms: f64) -> String {
    let tenths = if ms.is_finite() && ms > 0.0 { ((ms + 50.0) / 100.0) as u64 } else { 0 };
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_show_one_decimal_rounded() {
        assert_eq!([0.0, 49.0, 50.0, 1450.0, 1449.0, 12_345.0, -5.0, f64::NAN, 86_400_000.0].map(seconds_tenths), ["0.0", "0.0", "0.1", "1.5", "1.4", "12.3", "0.0", "0.0", "86400.0"]);
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!([0, 7, 999, 1000, 1240, 20000, 1234567].map(thousands), ["0", "7", "999", "1,000", "1,240", "20,000", "1,234,567"]);
    }

    #[test]
    fn hidden_characters_are_found_and_ordinary_ones_are_not() {
        for c in ['\u{200B}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{E0041}', '\u{00AD}'] {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in ['a', 'é', '-', ' ', '日', '😀'] {
            assert!(!is_invisible(c), "{c}");
        }
        assert!(is_bidi_control('\u{202E}') && is_bidi_control('\u{2069}') && !is_bidi_control('\u{200B}'));
    }
}
