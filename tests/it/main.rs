//! Integration tests in one test binary (one link, helpers written once).

mod suggest;
