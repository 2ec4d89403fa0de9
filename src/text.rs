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

#[cfg(test)]
mod tests {
    use super::*;

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
