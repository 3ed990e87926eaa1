//! Normalisation, tokens and sentences: the first step of every analysis.
//!
//! Tokens keep the byte span of the original text so that any finding can quote exactly what
//! the trainee typed. Contractions are expanded ("what's" gives `what` and `is`, "didn't" gives
//! `did` and `not`) so that matching sees the same words however they were typed.

use std::ops::Range;

use compact_str::CompactString;

/// One word as matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-case, apostrophes straightened, contraction expanded. (Kept inline: almost every
    /// word is shorter than 24 bytes, and an audit makes millions of them.)
    pub word: CompactString,
    /// Where the word that produced this token is in the original text (bytes).
    pub span: Range<usize>,
}

/// A sentence: a span of the original text and the tokens inside it.
#[derive(Debug, Clone)]
pub struct SentenceSpan {
    pub span: Range<usize>,
    pub tokens: Vec<Token>,
    /// The sentence ended with a question mark.
    pub ends_with_question_mark: bool,
}

/// Splits `text` into sentences of tokens. Sentence ends are `.`, `!`, `?` and `;` outside
/// numbers (so "192.168.1.5" and "v2.1" stay whole) and line breaks.
pub fn sentences(text: &str) -> Vec<SentenceSpan> {
    sentence_spans(text)
        .into_iter()
        .map(|span| SentenceSpan {
            tokens: tokenize_at(&text[span.clone()], span.start),
            ends_with_question_mark: text[span.clone()].trim_end().ends_with('?'),
            span,
        })
        .collect()
}

/// The spans of [`sentences`], without tokenizing them: a sentence is a span with a letter or
/// digit in it, which is exactly a span with a token.
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut push = |span: Range<usize>| {
        if text[span.clone()].chars().any(char::is_alphanumeric) {
            out.push(span);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        let is_end = match b {
            b'?' | b'!' | b';' | b'\n' => true,
            b'.' => {
                let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
                let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                !(digit_before && digit_after)
            }
            _ => false,
        };
        if is_end {
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'?' | b'!' | b'.') {
                end += 1;
            }
            push(start..end);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    push(start..text.len());
    out
}

/// All tokens of `text`, with spans relative to its start.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_at(text, 0)
}

fn tokenize_at(text: &str, offset: usize) -> Vec<Token> {
    // Room for a token in four bytes. Ticket notes average about six bytes a token, but
    // their short words and numbers ran a quarter of them past a guess of one in six, and
    // the vector regrew.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    if text.is_ascii() {
        tokenize_ascii(text, offset, &mut tokens);
    } else {
        tokenize_chars(text, offset, &mut tokens);
    }
    tokens
}

/// Tokens of any text, character by character.
fn tokenize_chars(text: &str, offset: usize, tokens: &mut Vec<Token>) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            let joins_word = if c.is_alphanumeric() {
                true
            } else if !next_is_alnum(text, i + c.len_utf8()) {
                false
            } else if c == '.' {
                // A dot joins numbers ("10.0.0.1", "v2.1") and host names, never a sentence end.
                text[start..i].chars().any(|c| c.is_ascii_digit()) || looks_like_host(text, i)
            } else {
                is_apostrophe(c) || c == '-'
            };
            if !joins_word {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let raw = &text[start..end];
        let span = offset + start..offset + end;
        let word = normalise_word(raw);
        let apostrophe = word.contains('\'');
        expand(word.into(), apostrophe, span, tokens);
    }
}

/// [`tokenize_chars`] for ASCII text (most notes), byte by byte: the same tokens (a test
/// holds the two to that), at a fraction of the cost of decoding characters.
fn tokenize_ascii(text: &str, offset: usize, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let class = |b: u8| BYTE_CLASS[usize::from(b)];
    let mut i = 0;
    while i < bytes.len() {
        if class(bytes[i]) & ALNUM == 0 {
            i += 1;
            continue;
        }
        let start = i;
        // Every class met in the word, ORed: whether it has a digit or a capital is one test
        // at the end rather than two updates a byte.
        let mut seen = 0;
        let mut apostrophe = false;
        loop {
            while let Some(&b) = bytes.get(i).filter(|&&b| class(b) & ALNUM != 0) {
                seen |= class(b);
                i += 1;
            }
            // A joiner stays in the word only between two letters or digits.
            let joins = match bytes.get(i..i + 2) {
                Some(&[joiner, next]) => class(joiner) & JOINS != 0 && class(next) & ALNUM != 0,
                _ => false,
            };
            if !joins {
                break;
            }
            if bytes[i] == b'.' {
                // As in `tokenize_chars`: numbers and host names keep their dots.
                if !(seen & DIGIT != 0 || looks_like_host(text, i)) {
                    break;
                }
            } else {
                apostrophe |= bytes[i] == b'\'';
            }
            i += 1;
        }
        let mut word = CompactString::from(&text[start..i]);
        if seen & UPPER != 0 {
            word.make_ascii_lowercase();
        }
        expand(word, apostrophe, offset + start..offset + i, tokens);
    }
}

/// What [`tokenize_ascii`] needs to know of a byte, by table: most bytes are letters, and one
/// lookup answers every question it asks of them.
const ALNUM: u8 = 1;
const DIGIT: u8 = 2;
const UPPER: u8 = 4;
/// May join two runs of letters and digits into one word: `.`, `'` and `-`.
const JOINS: u8 = 8;
const BYTE_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if c.is_ascii_digit() {
            ALNUM | DIGIT
        } else if c.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if c.is_ascii_lowercase() {
            ALNUM
        } else if matches!(c, b'.' | b'\'' | b'-') {
            JOINS
        } else {
            0
        };
        b += 1;
    }
    class
};

fn next_is_alnum(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// `server01.corp.local` style names: a dot followed by letters and another dot or a known
/// top-level part. Kept as one token so notes keep their host names.
fn looks_like_host(text: &str, dot: usize) -> bool {
    let rest = &text[dot + 1..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    word.contains('.') && !word.ends_with('.')
        || matches!(
            word,
            "com" | "local" | "net" | "org" | "lan" | "corp" | "exe" | "dll" | "msi"
        )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Lower-cases and straightens apostrophes.
pub fn normalise_word(raw: &str) -> String {
    if raw.is_ascii() {
        // Most words: no curly apostrophe can be in them, and ASCII lower-casing is the same.
        return raw.to_ascii_lowercase();
    }
    raw.chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Pushes the token(s) for one normalised word, expanding contractions. (`apostrophe`: the
/// word has one, which every contraction but "cannot" does.)
#[inline(always)]
fn expand(word: CompactString, apostrophe: bool, span: Range<usize>, out: &mut Vec<Token>) {
    if !apostrophe && word != "cannot" {
        // No contraction: the word is the token as it is.
        out.push(Token { word, span });
    } else {
        expand_contraction(&word, span, out);
    }
}

/// The tokens of a contraction ("didn't" gives `did` and `not`), or of a word with stray
/// apostrophes. Out of line: few words have one, and `expand`, which every word passes
/// through, stays small enough to inline into the tokenizers' loops.
#[inline(never)]
fn expand_contraction(word: &str, span: Range<usize>, out: &mut Vec<Token>) {
    let mut push = |w: &str| {
        out.push(Token {
            word: w.into(),
            span: span.clone(),
        })
    };
    let irregular = match word {
        "can't" | "cannot" => Some(("can", "not")),
        "won't" => Some(("will", "not")),
        "shan't" => Some(("shall", "not")),
        "ain't" => Some(("is", "not")),
        "let's" => Some(("let", "us")),
        _ => None,
    };
    if let Some((a, b)) = irregular {
        push(a);
        push(b);
        return;
    }
    for (suffix, expansion) in [
        ("n't", "not"),
        ("'re", "are"),
        ("'m", "am"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
        ("'s", "is"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            push(stem);
            push(expansion);
            return;
        }
    }
    push(word.trim_matches('\''));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.word.into()).collect()
    }

    #[test]
    fn contractions_expand_and_case_folds() {
        assert_eq!(
            words("What's wrong? I DON'T know"),
            ["what", "is", "wrong", "i", "do", "not", "know"]
        );
        assert_eq!(words("I can’t log in"), ["i", "can", "not", "log", "in"]);
    }

    #[test]
    fn numbers_and_hosts_stay_whole() {
        assert_eq!(words("IP is 192.168.1.50."), ["ip", "is", "192.168.1.50"]);
        assert_eq!(words("ping fs01.corp.local now"), ["ping", "fs01.corp.local", "now"]);
        assert_eq!(words("Outlook v16.0 crashed"), ["outlook", "v16.0", "crashed"]);
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "Hi. Why didn't it work?";
        let t = tokenize(text);
        assert_eq!(&text[t[3].span.clone()], "didn't");
    }

    #[test]
    fn ascii_text_is_read_byte_by_byte_as_characters_would_be() {
        let texts = [
            "What's wrong? I DON'T know; can't, won't, shan't, ain't, let's, cannot",
            "IP 192.168.1.50. v2.1, 10.0.0.1., fs01.corp.local, intranet.example.com. end.com",
            "a-b-, -x, 'quoted', rock'n'roll, o'clock's, x.y, 3.x, a..b, e.g. i.e.",
            "tabs\tand\nlines; #hash @at 50% (paren) [brackets] \"quote\" x--y 'd 's",
            "",
            "   ",
            "...",
        ];
        for text in texts {
            let (mut ascii, mut chars) = (Vec::new(), Vec::new());
            tokenize_ascii(text, 7, &mut ascii);
            tokenize_chars(text, 7, &mut chars);
            assert_eq!(ascii, chars, "{text:?}");
        }
    }

    #[test]
    fn sentences_split_outside_numbers() {
        let text = "I'm sorry about that. What error do you see? Check 10.0.0.1";
        let s = sentences(text);
        assert_eq!(s.len(), 3);
        assert!(s[1].ends_with_question_mark);
        assert_eq!(&text[s[1].span.clone()], " What error do you see?");
    }
}
