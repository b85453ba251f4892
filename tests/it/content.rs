//! The embedded `content/` tree.
