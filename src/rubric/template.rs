//! A rule's message, praise or suggestion with its `{name}` fills, read once when the rubric
//! loads: filling one in for a finding then copies text, and searches none.

/// A text with `{name}` fills.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    text: String,
    /// Each `{` (byte offset), with the first `}` after it.
    opens: Vec<(usize, Option<usize>)>,
}

impl Template {
    pub fn new(text: &str) -> Template {
        let opens = text
            .match_indices('{')
            .map(|(open, _)| (open, text[open..].find('}').map(|close| open + close)))
            .collect();
        Template {
            text: text.to_owned(),
            opens,
        }
    }

    /// The text with each `{name}` replaced by its fill (`fills(name)`), in one pass: a
    /// filled-in quote that happens to contain `{count}` stays as the trainee wrote it. Names
    /// without a fill stay as written.
    pub fn fill<'v>(&self, fills: impl Fn(&str) -> Option<&'v str>) -> String {
        if self.opens.is_empty() {
            return self.text.clone();
        }
        let text = &self.text;
        let mut out = String::with_capacity(text.len() + 64);
        let mut done = 0;
        for &(open, close) in &self.opens {
            if open < done {
                // Inside a name already filled in.
                continue;
            }
            out.push_str(&text[done..open]);
            let fill = close.and_then(|close| {
                let name = &text[open + 1..close];
                fills(name).map(|value| (value, close))
            });
            match fill {
                Some((value, close)) => {
                    out.push_str(value);
                    done = close + 1;
                }
                None => {
                    out.push('{');
                    done = open + 1;
                }
            }
        }
        out.push_str(&text[done..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_go_in_one_pass_and_unknown_names_stay() {
        let fills = [("match", "{count} items"), ("count", "3")];
        let fill =
            |text: &str| Template::new(text).fill(|name| fills.iter().find(|(k, _)| *k == name).map(|(_, v)| *v));
        assert_eq!(fill("'{match}' x{count} {other}"), "'{count} items' x3 {other}");
        assert_eq!(fill("no fills {"), "no fills {");
        assert_eq!(fill("{a{count}}"), "{a3}");
        assert_eq!(fill("}{count}{"), "}3{");
        assert_eq!(fill("plain"), "plain");
        assert_eq!(fill("{count}{count}"), "33");
    }
}
