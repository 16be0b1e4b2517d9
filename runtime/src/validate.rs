//! Client-side checks before anything is sent, as the official SDKs make them (codes 40 and
//! 41), and unlike them also inside object parameters. Generated request types implement
//! [`Validate`] from their specs' `required` and `constraints`.

use crate::error::InvalidRequest;
use crate::sign::is_sent;

/// A request type that can check itself against its documented rules.
pub trait Validate {
    /// Checks every field, reporting into `validator` (which keeps the first problem).
    fn validate_into(&self, validator: &mut Validator);
}

#[derive(Clone, Copy)]
enum Segment {
    Field(&'static str),
    Index(usize),
}

/// How deep a path is held without allocating; deeper segments go to a `Vec`.
const INLINE_DEPTH: usize = 8;

/// The path from the request to the field being checked.
struct Path {
    inline: [Segment; INLINE_DEPTH],
    deeper: Vec<Segment>,
    len: usize,
}

impl Default for Path {
    fn default() -> Self {
        Path {
            inline: [Segment::Index(0); INLINE_DEPTH],
            deeper: Vec::new(),
            len: 0,
        }
    }
}

impl Path {
    fn push(&mut self, segment: Segment) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = segment,
            None => self.deeper.push(segment),
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        if self.len > INLINE_DEPTH {
            self.deeper.pop();
        }
        self.len = self.len.saturating_sub(1);
    }

    fn iter(&self) -> impl Iterator<Item = &Segment> {
        self.inline.iter().take(self.len).chain(self.deeper.iter())
    }
}

/// Walks a request, tracking the field path without allocating until a problem is found.
#[derive(Default)]
pub struct Validator {
    path: Path,
    problem: Option<InvalidRequest>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Descends into an object field.
    pub fn enter(&mut self, field: &'static str) {
        self.path.push(Segment::Field(field));
    }

    /// Descends into a list item.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    /// Returns from the last `enter`.
    pub fn leave(&mut self) {
        self.path.pop();
    }

    fn path_to(&self, field: &'static str) -> String {
        let mut path = String::new();
        for segment in self.path.iter() {
            match segment {
                Segment::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        // An empty name is the item an `item_*` check entered: `field[index]`.
        if !field.is_empty() {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(field);
        }
        path
    }

    fn report(&mut self, problem: impl FnOnce(String) -> InvalidRequest, field: &'static str) {
        if self.problem.is_none() {
            let path = self.path_to(field);
            self.problem = Some(problem(path));
        }
    }

    /// The official SDKs' code 40 and wording.
    fn missing(&mut self, field: &'static str) {
        self.report(
            |path| {
                InvalidRequest::missing(path.clone(), format!("Missing required arguments: {path}"))
            },
            field,
        );
    }

    /// A required text: empty or whitespace-only is missing (TOP would drop it unsent).
    pub fn required_text(&mut self, field: &'static str, value: &str) {
        if !is_sent(value) {
            self.missing(field);
        }
    }

    /// A required list: an empty one is missing.
    pub fn required_list(&mut self, field: &'static str, len: usize) {
        if len == 0 {
            self.missing(field);
        }
    }

    /// `max_length` of a `Number`: its decimal text (a minus sign included) has at most
    /// `max` characters, as TOP's metadata counts digits.
    pub fn max_digits(&mut self, field: &'static str, value: i64, max: u64) {
        // The length of `value.to_string()`, without writing it.
        let digits = u64::from(
            value
                .unsigned_abs()
                .checked_ilog10()
                .map_or(1, |log| log + 1),
        ) + u64::from(value < 0);
        if digits > max {
            self.report(
                |path| {
                    InvalidRequest::out_of_range(
                        path,
                        format!("{value} has {digits} characters, over the maximum of {max}"),
                    )
                },
                field,
            );
        }
    }

    /// `max_length` of a `byte[]`: the file has at most `max` bytes.
    pub fn max_file_bytes(&mut self, field: &'static str, file: &crate::FileItem, max: u64) {
        let size = u64::try_from(file.content.len()).unwrap_or(u64::MAX);
        if size > max {
            self.report(
                |path| {
                    InvalidRequest::out_of_range(
                        path,
                        format!("the file has {size} bytes, over the maximum of {max}"),
                    )
                },
                field,
            );
        }
    }

    /// `max_length` of a list of texts, for item `index`: reported at `field[index]`.
    pub fn item_max_length(&mut self, field: &'static str, index: usize, item: &str, max: u64) {
        self.enter(field);
        self.enter_index(index);
        self.max_length("", item, max);
        self.leave();
        self.leave();
    }

    /// `min` of a list of Numbers, for item `index`: reported at `field[index]`.
    pub fn item_min(&mut self, field: &'static str, index: usize, item: i64, min: i64) {
        self.enter(field);
        self.enter_index(index);
        self.min("", item, min);
        self.leave();
        self.leave();
    }

    /// `max` of a list of Numbers, for item `index`: reported at `field[index]`.
    pub fn item_max(&mut self, field: &'static str, index: usize, item: i64, max: i64) {
        self.enter(field);
        self.enter_index(index);
        self.max("", item, max);
        self.leave();
        self.leave();
    }

    /// `max_length`, counted as TOP (Java) counts: UTF-16 units.
    pub fn max_length(&mut self, field: &'static str, value: &str, max: u64) {
        let length = u64::try_from(value.encode_utf16().count()).unwrap_or(u64::MAX);
        if length > max {
            self.report(
                |path| {
                    InvalidRequest::out_of_range(
                        path,
                        format!("length {length} is over the maximum of {max}"),
                    )
                },
                field,
            );
        }
    }

    /// `max_list_length` of a list.
    pub fn max_list_length(&mut self, field: &'static str, len: usize, max: u64) {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        if len > max {
            self.report(
                |path| {
                    InvalidRequest::out_of_range(
                        path,
                        format!("{len} items is over the maximum of {max}"),
                    )
                },
                field,
            );
        }
    }

    /// `max_list_length` of a comma-separated text.
    pub fn max_comma_list_length(&mut self, field: &'static str, value: &str, max: u64) {
        self.max_list_length(field, value.split(',').count(), max);
    }

    pub fn min(&mut self, field: &'static str, value: i64, min: i64) {
        if value < min {
            self.report(
                |path| {
                    InvalidRequest::out_of_range(
                        path,
                        format!("{value} is under the minimum of {min}"),
                    )
                },
                field,
            );
        }
    }

    pub fn max(&mut self, field: &'static str, value: i64, max: i64) {
        if value > max {
            self.report(
                |path| {
                    InvalidRequest::out_of_range(
                        path,
                        format!("{value} is over the maximum of {max}"),
                    )
                },
                field,
            );
        }
    }

    /// The first problem found, if any.
    pub fn finish(self) -> Result<(), InvalidRequest> {
        match self.problem {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_paths_are_kept_whole() {
        let mut validator = Validator::new();
        for depth in 0..12 {
            validator.enter("f");
            validator.enter_index(depth);
        }
        validator.leave();
        validator.leave();
        validator.enter("g");
        validator.max("x", 2, 1);
        let path = validator.finish().unwrap_err().field;
        let items: Vec<String> = (0..11).map(|i| format!("f[{i}]")).collect();
        let expected = format!("{}.g.x", items.join("."));
        assert_eq!(path, expected);
    }

    #[test]
    fn digits_count_as_the_decimal_text() {
        for value in [
            0,
            1,
            -1,
            9,
            10,
            -10,
            99,
            100,
            i64::MAX,
            i64::MIN,
            1_000_000_007,
        ] {
            let mut validator = Validator::new();
            let len = u64::try_from(value.to_string().len()).unwrap();
            validator.max_digits("n", value, len);
            assert!(validator.finish().is_ok(), "{value}");
            let mut validator = Validator::new();
            validator.max_digits("n", value, len - 1);
            assert!(validator.finish().is_err(), "{value}");
        }
    }
}
