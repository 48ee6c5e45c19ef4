//! The default rules, compiled into the binary so that it works from any
//! folder, without the repository beside it. They load like a rule folder
//! named `<bundled>`: `<bundled>` stands for the core and every domain,
//! `<bundled>/core` and `<bundled>/domains/NAME` for one folder, and errors
//! name files as `<bundled>/core/speech.ron:LINE:COL`.

use std::path::{Path, PathBuf};

/// The root every bundled rule file is named under.
pub const BUNDLED: &str = "<bundled>";

/// Every file under `data/rules/core` and `data/rules/domains/*`. A test
/// checks this list against the folders, so a new domain cannot be left out.
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    ("<bundled>/core/lexicon.ron", include_str!("../../data/rules/core/lexicon.ron")),
    ("<bundled>/core/speech.ron", include_str!("../../data/rules/core/speech.ron")),
    ("<bundled>/core/stances.ron", include_str!("../../data/rules/core/stances.ron")),
    ("<bundled>/domains/ukraine-war/actors.ron", include_str!("../../data/rules/domains/ukraine-war/actors.ron")),
    ("<bundled>/domains/ukraine-war/stances.ron", include_str!("../../data/rules/domains/ukraine-war/stances.ron")),
    ("<bundled>/domains/ukraine-war/topics.ron", include_str!("../../data/rules/domains/ukraine-war/topics.ron")),
];

/// Whether `path` names the bundled rules or a folder or file inside them.
pub fn is_bundled(path: &Path) -> bool {
    path.starts_with(BUNDLED)
}

/// The text of a bundled rule file.
pub fn bundled_text(path: &Path) -> Option<&'static str> {
    BUNDLED_FILES.iter().find(|(name, _)| Path::new(name) == path).map(|(_, text)| *text)
}

/// The bundled folders `dir` stands for, as a real rule tree expands: the
/// core first, then every domain in name order. Empty when there is none.
pub fn bundled_folders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for (file, _) in BUNDLED_FILES {
        let Some(folder) = Path::new(file).parent() else { continue };
        if folder.starts_with(dir) && !out.iter().any(|f| f == folder) {
            out.push(folder.to_path_buf());
        }
    }
    out.sort_by_key(|f| (!f.ends_with("core"), f.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.ron` file two levels under `dir` (`core/x.ron`,
    /// `domains/d/x.ron`), relative to it. `optional/` holds opt-in folders
    /// a user loads by path; bundling them would load them by default.
    fn ron_files(root: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    if p != root.join("optional") {
                        stack.push(p);
                    }
                } else if p.extension().is_some_and(|e| e == "ron") {
                    out.push(p.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn every_rule_file_under_data_rules_is_bundled() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        let on_disk = ron_files(&root);
        let mut bundled: Vec<PathBuf> =
            BUNDLED_FILES.iter().map(|(n, _)| Path::new(n).strip_prefix(BUNDLED).unwrap().to_path_buf()).collect();
        bundled.sort();
        assert_eq!(bundled, on_disk, "add the new rule file to BUNDLED_FILES");
    }

    #[test]
    fn folders_of_the_bundled_tree() {
        let all = bundled_folders(Path::new(BUNDLED));
        assert_eq!(all.first().map(PathBuf::as_path), Some(Path::new("<bundled>/core")));
        assert!(all.len() >= 2);
        assert_eq!(bundled_folders(Path::new("<bundled>/core")), vec![PathBuf::from("<bundled>/core")]);
        assert!(bundled_folders(Path::new("<bundled>/domains/no-such-domain")).is_empty());
        // A prefix of a folder name is not that folder.
        assert!(bundled_folders(Path::new("<bundled>/co")).is_empty());
        assert!(bundled_text(Path::new("<bundled>/core/speech.ron")).is_some_and(|t| t.contains("cues")));
        assert!(bundled_text(Path::new("data/rules/core/speech.ron")).is_none());
    }
}
