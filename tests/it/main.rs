//! The integration tests, one binary.

mod extract_words;
