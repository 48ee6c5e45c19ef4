//! Atomic writes: readers see either the old file or the new one, never a
//! mix, and a finished write survives a crash.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` so that readers see either the old file or the
/// new one, never a mix: temp file in the same directory, fsync, rename,
/// fsync the directory. Parent directories are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes).map_err(|e| Error::io(path, e)))
}

/// [`write_atomic`] for output written piece by piece (`fill` writes into
/// the temp file, buffered): nothing reaches `path` unless `fill` and every
/// write succeed.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    // A rename would replace the link itself, or a device or pipe
    // (`-o /dev/null`, `-o /dev/stdout`, a FIFO) with a regular file: write
    // through a symbolic link to its target, and into anything that is not
    // a regular file directly, since there is no old content to keep.
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = std::fs::read_link(path).map_err(|e| Error::io(path, e))?;
            resolved = path.parent().map_or(target.clone(), |dir| dir.join(&target));
            resolved.as_path()
        }
        _ => path,
    };
    if let Ok(m) = std::fs::metadata(path)
        && !m.is_file()
        && !m.is_dir()
    {
        return write_special(path, fill);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    // tempfile creates 0600; keep the old file's mode, or the usual 0644.
    let perms = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(perms) = perms {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Writes into a device, pipe or socket as it is: no temp file, no rename.
fn write_special(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let mut w = std::io::BufWriter::new(file);
    fill(&mut w)?;
    w.flush().map_err(|e| Error::io(path, e))
}

#[cfg(unix)]
pub(crate) fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
pub(crate) fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Makes the rename durable. Best effort: some file systems refuse to
/// fsync a directory, and the data itself is already on disk.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Passes what is written on to `inner`, counting and hashing (SHA-256) it.
pub(crate) struct HashWriter<W> {
    inner: W,
    sha: sha2::Sha256,
    len: u64,
}

impl<W: Write> HashWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        HashWriter { inner, sha: sha2::Digest::new(), len: 0 }
    }

    /// The inner writer, and the hex SHA-256 and length of everything written.
    pub(crate) fn finish(self) -> (W, String, u64) {
        use sha2::Digest;
        (self.inner, hex::encode(self.sha.finalize()), self.len)
    }
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// `-o` naming a pipe (as `/dev/null` or `/dev/stdout` are devices)
    /// writes into it; the rename used to replace it with a regular file,
    /// which turned the machine's `/dev/null` into one.
    #[test]
    fn a_pipe_is_written_into_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("out.pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the pipe"))
        };
        write_atomic(&fifo, b"digraph {}\n").expect("write into the pipe");
        // Checked before joining: a replaced pipe leaves the reader waiting.
        let kind = std::fs::symlink_metadata(&fifo).expect("still there").file_type();
        assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
        assert_eq!(reader.join().expect("reader"), "digraph {}\n");
    }

    #[test]
    fn a_symbolic_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("real")).expect("dir");
        let target = dir.path().join("real/report.html");
        std::fs::write(&target, "old").expect("old file");
        let link = dir.path().join("report.html");
        std::os::unix::fs::symlink("real/report.html", &link).expect("link");
        write_atomic(&link, b"new").expect("write through the link");
        assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("target"), "new");
        // Counter-example: a plain file is still replaced atomically.
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "old").expect("plain");
        write_atomic(&plain, b"new").expect("plain write");
        assert_eq!(std::fs::read_to_string(&plain).expect("plain"), "new");
    }
}
