//! The explorer in headless Chromium, driven over the DevTools protocol on
//! a pipe (`--remote-debugging-pipe`: no port, no extra crate): load the
//! app, filter by an actor with the search form, open an evidence page,
//! record a correction with the review form, and see it survive a
//! re-ingest with changed rules. The screenshot it takes goes to the path
//! in `EXPLORER_SCREENSHOT` when set (how docs/explorer.png is made).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use base64::Engine;
use serde_json::{Value, json};

use crate::dot::have_tool;
use crate::report::CHROMIUM_FLAGS;
use crate::serve::Site;

/// A browser or server that hangs fails the test instead of the CI run.
const LIMIT: Duration = Duration::from_secs(120);

fn pipe() -> (RawFd, RawFd) {
    let mut fds = [0; 2];
    // Close-on-exec: the child gets only the two ends dup2'd below.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2 failed");
    (fds[0], fds[1])
}

/// Kills a process if the test is still running after `LIMIT`.
fn watchdog(pid: u32, done: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let start = Instant::now();
        while start.elapsed() < LIMIT {
            if done.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    });
}

struct Browser {
    child: Child,
    to: File,
    from: BufReader<File>,
    next: u64,
    session: Option<String>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(done: &Arc<AtomicBool>) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (their_in, our_out) = pipe();
        let (our_in, their_out) = pipe();
        let mut cmd = Command::new("chromium");
        cmd.args(CHROMIUM_FLAGS)
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // The protocol's fixed descriptors: the browser reads 3, writes 4.
        unsafe {
            cmd.pre_exec(move || {
                // Copies above 9 first: a pipe end may itself be 3 or 4,
                // and dup2 onto itself would keep its close-on-exec flag.
                let a = libc::fcntl(their_in, libc::F_DUPFD, 10);
                let b = libc::fcntl(their_out, libc::F_DUPFD, 10);
                if a < 0 || b < 0 || libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        watchdog(child.id(), Arc::clone(done));
        unsafe {
            libc::close(their_in);
            libc::close(their_out);
        }
        Browser {
            child,
            to: unsafe { File::from_raw_fd(our_out) },
            from: BufReader::new(unsafe { File::from_raw_fd(our_in) }),
            next: 0,
            session: None,
            _profile: profile,
        }
    }

    /// Sends one command and returns its result, skipping events.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// [`Browser::call`], with the protocol's error as a value.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next += 1;
        let mut msg = json!({"id": self.next, "method": method, "params": params});
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        loop {
            let mut buf = Vec::new();
            let n = self.from.read_until(0, &mut buf).unwrap();
            assert!(n > 0, "the browser closed the pipe during {method}");
            buf.pop();
            let v: Value = serde_json::from_slice(&buf).unwrap();
            if v["id"] == json!(self.next) {
                return match v.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
        }
    }

    fn open_tab(&mut self) {
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call("Target.attachToTarget", json!({"targetId": target["targetId"], "flatten": true}));
        self.session = Some(attached["sessionId"].as_str().unwrap().to_string());
        self.call("Emulation.setDeviceMetricsOverride", json!({"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": false}));
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true}));
        assert!(r.get("exceptionDetails").is_none(), "{expr}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Runs `expr` for its effect. A click that navigates may tear down
    /// the page before the answer comes back; that is not a failure.
    fn act(&mut self, expr: &str) {
        if let Ok(r) = self.try_call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true})) {
            assert!(r.get("exceptionDetails").is_none(), "{expr}: {}", r["exceptionDetails"]);
        }
    }

    /// Waits until `cond` holds in a loaded page; a page still navigating
    /// (the evaluation torn down with it) counts as not yet.
    fn wait(&mut self, cond: &str) {
        let start = Instant::now();
        let expr = format!("document.readyState === 'complete' && !!({cond})");
        let holds = |b: &mut Browser| {
            b.try_call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true}))
                .is_ok_and(|r| r["result"]["value"] == json!(true))
        };
        while !holds(self) {
            if start.elapsed() > Duration::from_secs(30) {
                let at = self.eval("location.href + '\\n' + (document.body ? document.body.innerText : '')");
                panic!("timed out waiting for {cond}; the page is {at}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
    }

    fn screenshot(&mut self) -> Vec<u8> {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64::engine::general_purpose::STANDARD.decode(r["data"].as_str().unwrap()).unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server, stopped when dropped: also when the test fails, or it
/// would outlive the test binary.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `claimgraph serve --port 0` on the site; returns it and its address.
fn serve(site: &Site, done: &Arc<AtomicBool>) -> (Server, String) {
    let bin = cargo_bin_cmd!("claimgraph").get_program().to_owned();
    let mut child = Command::new(bin)
        .current_dir(site.dir.path())
        .args(["serve", "-g", "g.ron", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    watchdog(child.id(), Arc::clone(done));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no address in {line:?}"));
    (Server(child), url.trim_end_matches('/').to_string())
}

#[test]
fn a_reviewer_filters_opens_evidence_and_records_a_correction_in_chromium() {
    if !have_tool("chromium", "--version", "chromium") {
        return;
    }
    let site = Site::new();
    let done = Arc::new(AtomicBool::new(false));
    let (server, base) = serve(&site, &done);
    let mut b = Browser::launch(&done);
    b.open_tab();

    b.navigate(&format!("{base}/"));
    b.wait("document.querySelector('form#filter')");
    assert!(b.eval("document.body.innerText").as_str().unwrap().contains("The ferries run again"));

    // Filter by an actor with the search form.
    b.act("document.querySelector('#filter [name=actor]').value = 'Bram Ostler'; document.querySelector('#filter button').click(); true");
    b.wait("location.search.includes('actor=Bram')");
    let rows = b.eval("[...document.querySelectorAll('table.statements tbody tr')].map(r => r.innerText)");
    let rows: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Bram Ostler") && rows[0].contains("strike again"), "{rows:?}");

    // Open the evidence: the span is marked in the article and visible.
    b.act("document.querySelector('a.evidence').click(); true");
    b.wait("location.pathname === '/evidence'");
    let mark = b.eval("document.querySelector('#article mark').innerText");
    assert_eq!(mark, json!("the port workers would strike again in June"));
    let height = b.eval("document.querySelector('#article mark').getBoundingClientRect().height");
    assert!(height.as_f64().unwrap() > 0.0);
    assert!(b.eval("document.querySelector('.rule').innerText").as_str().unwrap().starts_with("speech."));

    // Record a correction: another speaker, a new actor.
    b.act(
        "const f = document.querySelector('form#review'); f.action.value = 'speaker'; f.speaker.value = 'Dee Hollis'; \
         f.coder.value = 'chromium'; f.why.value = 'the union leader quotes his deputy'; f.querySelector('button').click(); true",
    );
    b.wait("location.pathname === '/corrections'");
    assert_eq!(b.eval("document.querySelector('#notice').innerText"), json!("Correction recorded."));
    assert!(b.eval("document.body.innerText").as_str().unwrap().contains("speaker: Dee Hollis"));

    // The corrected statement, as the explorer now shows it.
    b.navigate(&format!("{base}/?actor=Dee+Hollis"));
    b.wait("document.querySelector('a.evidence')");
    b.act("document.querySelector('a.evidence').click(); true");
    b.wait("location.pathname === '/evidence'");
    assert!(b.eval("document.querySelector('.resolution').innerText").as_str().unwrap().contains("reviewed by chromium"));
    let png = b.screenshot();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    if let Some(path) = std::env::var_os("EXPLORER_SCREENSHOT") {
        std::fs::write(path, &png).unwrap();
    }
    drop(b);
    drop(server);
    done.store(true, Ordering::Relaxed);

    // The browser's correction survives new rules.
    site.ingest_with_changed_rules();
    let out = cargo_bin_cmd!("claimgraph").current_dir(site.dir.path()).args(["who-said", "-g", "g.ron", "--json", "--actor", "Dee Hollis"]).output().unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    assert_eq!(rows[0]["text"], json!("the port workers would strike again in June"));
}
