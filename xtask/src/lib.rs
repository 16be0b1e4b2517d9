//! The commands behind `cargo xtask` (`src/main.rs` is their command line), as a library so
//! that tests run the same code as the command: `taobao-top-tests` checks that the committed
//! generated code is fresh with [`regenerate::check`], the function `regenerate --check`
//! calls.

use std::path::{Path, PathBuf};

pub mod import;
pub mod regenerate;

/// The workspace root: xtask's manifest lives one level below it.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
