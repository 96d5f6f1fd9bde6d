//! A real browser for the portal's tests (SPEC C2, issue 15): Debian's headless Chromium,
//! driven through Debian's ChromeDriver over WebDriver (fantoccini), with
//!
//! - TLS as a person meets it: no `acceptInsecureCerts`; the browser trusts only the
//!   certificates it is given ([`Options::trusted`], Chromium's SPKI list), so a page from
//!   any other certificate is refused;
//! - [`Browser::axe`]: axe-core's WCAG 2.0/2.1 A and AA rules, also under a strict CSP;
//! - [`Browser::screenshot`]: a full-page PNG under the target directory, to look at;
//! - [`Browser::print_pdf`] (A4, as the browser prints) and [`pdf_text`] (`pdftotext`);
//! - the keyboard: [`Browser::tab`], [`Browser::shift_tab`], [`Browser::space`],
//!   [`Browser::enter`], [`Browser::focused`], [`Browser::focus_indicator`].
//!
//! Everything else (forms, clicks, waiting) is fantoccini's, through [`Browser::client`].
//! WebDriver cannot read response headers: check those with an HTTP client.
//!
//! The tools come from `scripts/lib/browser.sh` (`scripts/test` runs it). Without them,
//! [`Browser::for_test`] skips the test with a notice — and fails it under `CI`.
//!
//! Dropping a [`Browser`] ends its session (ChromeDriver closes Chromium and reaps it),
//! then ChromeDriver, then anything still running on its profile, and removes the
//! profile: no process outlives it.

mod axe;
mod keys;
mod trust;

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::PrintConfiguration;
use serde_json::{Value, json};

pub use axe::{Node, Violation, WCAG_TAGS, report};
pub use fantoccini;
pub use keys::{FocusIndicator, Focused, StyleChange};
pub use trust::Spki;
pub use url;

/// How to install what the browser tests need (as root, at the repository root).
pub const SETUP: &str = "run `bash -c 'source scripts/lib/browser.sh && browser_tools'` at the \
     repository root as root (scripts/test does), i.e. `apt-get update && apt-get install -y \
     chromium chromium-driver poppler-utils` and `npm ci --prefix tests/lefi-browser`";

/// Chromium's flags on these machines (TOOLING.md, "The portal's tools"): without the
/// background-networking ones it keeps dialling Google's hosts, which the closed network
/// refuses; the sandbox needs privileges a container running as root does not give.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// What can go wrong. No message quotes a page's content.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A tool of the browser tests is not installed.
    #[error("{what} is missing: {SETUP}")]
    Missing {
        /// The tool, e.g. `chromedriver`.
        what: String,
    },
    /// ChromeDriver did not start or did not listen.
    #[error("chromedriver did not start: {0}")]
    Driver(String),
    /// ChromeDriver did not open a browser session.
    #[error("no browser session: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    /// A WebDriver command failed (e.g. `insecure certificate` for a refused server).
    #[error("WebDriver: {0}")]
    Command(#[from] fantoccini::error::CmdError),
    /// The browser showed its own error page instead of the server's: `code` is its
    /// error code, e.g. `NET::ERR_CERT_AUTHORITY_INVALID` for an untrusted certificate.
    #[error("the browser showed its error page instead: {code}")]
    NotLoaded {
        /// The browser's error code (or its error page's title).
        code: String,
    },
    /// A certificate given to trust does not read.
    #[error("certificate: {0}")]
    Certificate(String),
    /// A file or process of the harness itself.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The page or a tool answered something the harness did not expect.
    #[error("{0}")]
    Unexpected(String),
}

impl Error {
    /// The browser refused the server's certificate (it was not among the trusted).
    pub fn is_untrusted_certificate(&self) -> bool {
        matches!(self, Error::NotLoaded { code } if code.contains("ERR_CERT"))
            || matches!(self, Error::Command(e) if e.is_insecure_certificate())
    }
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}

/// How to start the browser.
#[derive(Debug, Clone)]
pub struct Options {
    /// The certificates whose server may be visited over HTTPS (see [`Spki`]); no other.
    pub trusted: Vec<Spki>,
    /// The viewport (the page's part of the window), in CSS pixels: a laptop's by
    /// default, 1280×900.
    pub window: (u32, u32),
}

impl Default for Options {
    fn default() -> Self {
        Options {
            trusted: Vec::new(),
            window: (1280, 900),
        }
    }
}

impl Options {
    /// Trusts every certificate of `pem` (see [`Spki::of_pem`]).
    pub fn trusting_pem(pem: &str) -> Result<Options, Error> {
        Ok(Options {
            trusted: Spki::of_pem(pem)?,
            ..Options::default()
        })
    }
}

/// A headless Chromium in a fresh profile, driven over WebDriver.
#[derive(Debug)]
pub struct Browser {
    client: fantoccini::Client,
    session: String,
    // Dropped after `Browser::drop` has ended the session: kills ChromeDriver and leftovers.
    driver: Driver,
}

impl Browser {
    /// Starts ChromeDriver on a free loopback port and a headless Chromium session.
    pub async fn start(options: Options) -> Result<Browser, Error> {
        let chromium = tool("LEFI_CHROMIUM", &["chromium", "chromium-browser"])?;
        let chromedriver = tool("LEFI_CHROMEDRIVER", &["chromedriver"])?;
        let driver = Driver::spawn(&chromedriver)?;

        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", driver.profile.display()));
        args.push(format!(
            "--window-size={},{}",
            options.window.0, options.window.1
        ));
        // A Swedish user's browser (Accept-Language).
        args.push("--lang=sv-SE".into());
        if !options.trusted.is_empty() {
            let list: Vec<&str> = options.trusted.iter().map(Spki::as_str).collect();
            args.push(format!(
                "--ignore-certificate-errors-spki-list={}",
                list.join(",")
            ));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("acceptInsecureCerts".into(), json!(false));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .map_err(|e| match driver.log_tail() {
            Some(log) => Error::Driver(format!("{e}; chromedriver's log: {log}")),
            None => Error::Session(e),
        })?;
        let session = match client.session_id().await? {
            Some(id) => id,
            None => return Err(Error::Unexpected("ChromeDriver gave no session id".into())),
        };
        let browser = Browser {
            client,
            session,
            driver,
        };
        browser.size_viewport(options.window).await?;
        // axe on a loaded 2-core machine may take longer than WebDriver's 30 s for a
        // script; a page that does not load in a minute is a failure, not a 5-minute wait.
        browser
            .client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(60)),
                Some(Duration::from_secs(60)),
                Some(Duration::ZERO),
            ))
            .await?;
        Ok(browser)
    }

    /// The browser for the test `case`, or `None` (with a notice) when its tools are
    /// missing and this is not CI. Under `CI` a missing tool fails the test, and so does
    /// any other failure to start, everywhere.
    pub async fn for_test(case: &str, options: Options) -> Option<Browser> {
        let missing = match missing_tool() {
            Some(what) => Some(what),
            None => match Browser::start(options).await {
                Ok(browser) => return Some(browser),
                Err(Error::Missing { what }) => Some(what),
                Err(e) => panic!("{case}: the browser did not start: {e}"),
            },
        };
        let what = missing.unwrap_or_default();
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run {case}: {what} is missing ({SETUP})"
        );
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {case}: {what} is missing ({SETUP})"
        );
        None
    }

    /// fantoccini's client of this session: forms, clicks, waits, anything not here.
    pub fn client(&self) -> &fantoccini::Client {
        &self.client
    }

    /// Opens `url` and waits for it to load. When the browser shows its own error page
    /// instead — a certificate it does not trust, a refused connection — `Error::NotLoaded`
    /// with the browser's error code (ChromeDriver itself reports that as a success).
    pub async fn goto(&self, url: &str) -> Result<(), Error> {
        self.client.goto(url).await?;
        let error_page = self
            .client
            .execute(
                "if (!location.href.startsWith('chrome-error:')) return null;
                 const code = document.querySelector('#error-code, .error-code');
                 return ((code && code.innerText) || document.title || 'no error code').trim();",
                vec![],
            )
            .await?;
        match error_page {
            Value::Null => Ok(()),
            Value::String(code) => Err(Error::NotLoaded { code }),
            other => Err(Error::Unexpected(format!(
                "the error-page check gave {}",
                kind(&other)
            ))),
        }
    }

    /// The window made so that the page itself (the viewport) is `width`×`height`:
    /// headless Chromium keeps room for a browser frame it does not draw.
    async fn size_viewport(&self, (width, height): (u32, u32)) -> Result<(), Error> {
        let frame = self
            .client
            .execute(
                "return [outerWidth - innerWidth, outerHeight - innerHeight];",
                vec![],
            )
            .await?;
        let extra = |i: usize| {
            frame[i]
                .as_u64()
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(0)
        };
        self.client
            .set_window_size(width + extra(0), height + extra(1))
            .await?;
        Ok(())
    }

    /// Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page; its violations.
    pub async fn axe(&self) -> Result<Vec<Violation>, Error> {
        let loaded = self
            .client
            .execute(
                "return typeof window.axe === 'object' && typeof window.axe.run === 'function';",
                vec![],
            )
            .await?;
        // Injected and run in one script, so both happen in the same document even
        // when a navigation ends between two WebDriver commands.
        let script = if loaded == Value::Bool(true) {
            axe::run_script()
        } else {
            format!("{}\n{}", axe::script()?, axe::run_script())
        };
        let answer = self.client.execute_async(&script, vec![]).await?;
        let text = answer
            .as_str()
            .ok_or_else(|| Error::Unexpected(format!("axe answered {}", kind(&answer))))?;
        let outcome: axe::Outcome = serde_json::from_str(text)
            .map_err(|e| Error::Unexpected(format!("axe's answer does not read: {e}")))?;
        match outcome.error {
            Some(error) => Err(Error::Unexpected(format!("axe failed: {error}"))),
            None => Ok(outcome.violations),
        }
    }

    /// A PNG of the whole page (not only the window) at
    /// `<target dir>/browser-screens/<name>.png`; its path, for a person to look at.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, Error> {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({})).await?;
        let size = &metrics["cssContentSize"];
        let (width, height) = match (size["width"].as_f64(), size["height"].as_f64()) {
            (Some(w), Some(h)) if w > 0.0 && h > 0.0 => (w.ceil(), h.ceil()),
            _ => {
                return Err(Error::Unexpected(
                    "Page.getLayoutMetrics gave no content size".into(),
                ));
            }
        };
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await?;
        let png = shot["data"]
            .as_str()
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .ok_or_else(|| Error::Unexpected("Page.captureScreenshot gave no PNG".into()))?;
        let dir = screens_dir();
        std::fs::create_dir_all(&dir).map_err(io(format!("creating {}", dir.display())))?;
        let path = dir.join(format!("{}.png", file_name(name)));
        std::fs::write(&path, png).map_err(io(format!("writing {}", path.display())))?;
        Ok(path)
    }

    /// The page printed to PDF as the browser prints it for a person: A4, portrait,
    /// default margins, no background graphics, the page's `@media print` rules.
    pub async fn print_pdf(&self) -> Result<Vec<u8>, Error> {
        Ok(self.client.print(PrintConfiguration::default()).await?)
    }

    /// Presses Tab.
    pub async fn tab(&self) -> Result<(), Error> {
        self.press(&[Key::Tab.into()]).await
    }

    /// Presses Shift+Tab.
    pub async fn shift_tab(&self) -> Result<(), Error> {
        self.press(&[Key::Shift.into(), Key::Tab.into()]).await
    }

    /// Presses Space (ticks a checkbox, presses a button).
    pub async fn space(&self) -> Result<(), Error> {
        self.press(&[' ']).await
    }

    /// Presses Enter (follows a link, submits a form).
    pub async fn enter(&self) -> Result<(), Error> {
        self.press(&[Key::Enter.into()]).await
    }

    /// Presses `keys` together (down in order, up in reverse), as real key events.
    pub async fn press(&self, keys: &[char]) -> Result<(), Error> {
        let mut seq = KeyActions::new("keyboard".into());
        for &value in keys {
            seq = seq.then(KeyAction::Down { value });
        }
        for &value in keys.iter().rev() {
            seq = seq.then(KeyAction::Up { value });
        }
        self.client.perform_actions(seq).await?;
        Ok(())
    }

    /// The element with focus, or `None` when nothing (the page itself) has it.
    pub async fn focused(&self) -> Result<Option<Focused>, Error> {
        let answer = self.client.execute(keys::FOCUSED_SCRIPT, vec![]).await?;
        match answer {
            Value::Null => Ok(None),
            Value::String(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| Error::Unexpected(format!("the focused element does not read: {e}"))),
            other => Err(Error::Unexpected(format!(
                "the focused element came back as {}",
                kind(&other)
            ))),
        }
    }

    /// Whether the element with focus shows it: its styles (and its labels', parent's
    /// and pseudo-elements') with focus against without. Focus is given back after, as
    /// it was; an error when nothing has focus.
    pub async fn focus_indicator(&self) -> Result<FocusIndicator, Error> {
        let answer = self.client.execute(keys::INDICATOR_SCRIPT, vec![]).await?;
        let Value::String(text) = answer else {
            return Err(Error::Unexpected(
                "no element has focus to check its indicator".into(),
            ));
        };
        let outcome: keys::IndicatorOutcome = serde_json::from_str(&text)
            .map_err(|e| Error::Unexpected(format!("the focus check does not read: {e}")))?;
        if !outcome.restored {
            return Err(Error::Unexpected(format!(
                "focus on {} did not come back as the keyboard left it",
                outcome.indicator.element
            )));
        }
        Ok(outcome.indicator)
    }

    /// ChromeDriver's process id (its browser runs as its child).
    pub fn driver_pid(&self) -> u32 {
        self.driver.child.id()
    }

    /// The browser's profile folder (`--user-data-dir`), removed on drop.
    pub fn profile_dir(&self) -> &Path {
        &self.driver.profile
    }

    /// A DevTools command through ChromeDriver (`goog/cdp/execute`); its result.
    async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value, Error> {
        Ok(self.client.issue_cmd(Cdp { cmd, params }).await?)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // fantoccini would end the session from a task of the test's runtime, which is
        // often shutting down by now: end it here, synchronously. ChromeDriver then closes
        // Chromium and waits for it, so no browser process is orphaned.
        self.driver.seen = processes_on(&self.driver.profile);
        delete_session(self.driver.port, &self.session);
    }
}

/// ChromeDriver, a child of this process, on its own port and browser profile.
#[derive(Debug)]
struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
    /// The browser's processes just before its session ended.
    seen: Vec<i32>,
}

impl Driver {
    fn spawn(chromedriver: &Path) -> Result<Driver, Error> {
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let profile = std::env::temp_dir().join(format!(
            "lefi-browser-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).map_err(io(format!("creating {}", profile.display())))?;
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map_err(io("finding a free port"))?
            .port();
        // Only warnings: its INFO log would hold every command, typed text included.
        let log = std::fs::File::create(profile.join("chromedriver.log"))
            .map_err(io("creating chromedriver's log"))?;
        let err = log.try_clone().map_err(io("chromedriver's log"))?;
        // HOME and TMPDIR in the profile: Chromium's crash handlers (which leave its
        // process group) keep their database under $HOME, so they too name the profile;
        // its sockets and scratch folders go to $TMPDIR. Nothing is left outside it.
        let tmp = profile.join("tmp");
        std::fs::create_dir_all(&tmp).map_err(io(format!("creating {}", tmp.display())))?;
        let child = Command::new(chromedriver)
            .env("HOME", &profile)
            .env("TMPDIR", &tmp)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_CACHE_HOME")
            .arg(format!("--port={port}"))
            .arg("--log-level=WARNING")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(io(format!("starting {}", chromedriver.display())))?;
        let mut driver = Driver {
            child,
            port,
            profile,
            seen: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(driver);
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(Error::Driver(format!(
                    "it exited ({status}): {}",
                    driver.log_tail().unwrap_or_default()
                )));
            }
            if Instant::now() > deadline {
                return Err(Error::Driver(format!("port {port} not open after 20 s")));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The end of ChromeDriver's own log (warnings and errors only), if it wrote any.
    fn log_tail(&self) -> Option<String> {
        let log = std::fs::read_to_string(self.profile.join("chromedriver.log")).ok()?;
        let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
        (!lines.is_empty()).then(|| lines[lines.len().saturating_sub(5)..].join(" | "))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut pids = std::mem::take(&mut self.seen);
        pids.extend(processes_on(&self.profile));
        // Chromium's crash handlers are not its children (they leave its process group,
        // and init reaps them); they end by themselves once the browser is gone.
        if !gone(&pids, Duration::from_secs(3)) {
            // Whatever still runs on our profile (a hung browser, a handler): end it by
            // its pid, never by name — other tests' browsers run beside it.
            for pid in processes_on(&self.profile) {
                if let Some(pid) = rustix::process::Pid::from_raw(pid) {
                    let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
                }
            }
            gone(&pids, Duration::from_secs(2));
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Processes whose command line names the profile (from /proc): the browser's, and its
/// crash handlers' (their database is under the profile, the HOME they were given).
fn processes_on(profile: &Path) -> Vec<i32> {
    let needle = profile.as_os_str().as_encoded_bytes();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| c.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .collect()
}

/// Waits up to `limit` for every one of `pids` to be gone from /proc: ended and reaped,
/// not a zombie.
fn gone(pids: &[i32], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if pids
            .iter()
            .all(|pid| !Path::new(&format!("/proc/{pid}")).exists())
        {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `DELETE /session/{id}` to ChromeDriver over a plain socket, waiting for its answer.
fn delete_session(port: u16, session: &str) {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    // Until the whole answer is in: ChromeDriver keeps the connection open after it.
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n @ 1..) = stream.read(&mut chunk) {
        answer.extend_from_slice(&chunk[..n]);
        if answered(&answer) {
            break;
        }
    }
}

/// A whole HTTP/1.1 answer: its head, and as many body bytes as its Content-Length says.
fn answered(answer: &[u8]) -> bool {
    let Some(head_end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&answer[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    answer.len() >= head_end + 4 + length
}

/// ChromeDriver's DevTools pass-through, which WebDriver itself lacks (full-page capture).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The text of a PDF, laid out as on the page (`pdftotext -layout`).
pub fn pdf_text(pdf: &[u8]) -> Result<String, Error> {
    let pdftotext = tool("LEFI_PDFTOTEXT", &["pdftotext"])?;
    static READ: AtomicU32 = AtomicU32::new(0);
    let file = std::env::temp_dir().join(format!(
        "lefi-browser-{}-{}.pdf",
        std::process::id(),
        READ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, pdf).map_err(io(format!("writing {}", file.display())))?;
    let out = Command::new(&pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&file);
    let out = out.map_err(io("running pdftotext"))?;
    if !out.status.success() {
        return Err(Error::Unexpected(format!(
            "pdftotext failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    String::from_utf8(out.stdout)
        .map_err(|_| Error::Unexpected("pdftotext's text is not UTF-8".into()))
}

/// `$LEFI_…` if set, else the first of `names` on PATH.
fn tool(env: &str, names: &[&str]) -> Result<PathBuf, Error> {
    if let Some(path) = std::env::var_os(env) {
        let path = PathBuf::from(path);
        return match path.is_file() {
            true => Ok(path),
            false => Err(Error::Missing {
                what: format!("{} (${env})", path.display()),
            }),
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| Error::Missing {
            what: names.join(" or "),
        })
}

/// The first tool the tests need that is not there.
fn missing_tool() -> Option<String> {
    let needed = [
        ("LEFI_CHROMIUM", &["chromium", "chromium-browser"][..]),
        ("LEFI_CHROMEDRIVER", &["chromedriver"]),
        ("LEFI_PDFTOTEXT", &["pdftotext"]),
    ];
    for (env, names) in needed {
        if let Err(Error::Missing { what }) = tool(env, names) {
            return Some(what);
        }
    }
    let axe = axe::script_path();
    (!axe.is_file()).then(|| format!("axe-core ({})", axe.display()))
}

/// `<target dir>/browser-screens`: the test binary runs from `<target>/<profile>/deps/`.
fn screens_dir() -> PathBuf {
    let target = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors()
            .find(|dir| dir.file_name().is_some_and(|n| n == "deps"))
            .and_then(|deps| deps.parent()?.parent().map(Path::to_path_buf))
    });
    match target {
        Some(target) => target.join("browser-screens"),
        None => std::env::temp_dir().join("lefi-browser-screens"),
    }
}

/// A screenshot's name as a file name: letters, digits, `-`, `_`, `.`; the rest `-`.
fn file_name(name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('.').to_owned();
    if name.is_empty() {
        "screen".into()
    } else {
        name
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c2_the_end_of_a_session_is_read_to_its_content_length() {
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n";
        assert!(!answered(b"HTTP/1.1 200 OK\r\nContent-Len"));
        assert!(!answered(&[&head[..], b"{\"value\":"].concat()));
        assert!(answered(&[&head[..], b"{\"value\":null}"].concat()));
        assert!(answered(b"HTTP/1.1 204 No Content\r\n\r\n"));
    }

    #[test]
    fn c2_screenshot_names_stay_inside_the_screens_folder() {
        assert_eq!(file_name("svar/../../etc"), "svar-..-..-etc");
        assert_eq!(file_name("formulär fel"), "formul-r-fel");
        assert_eq!(file_name(".."), "screen");
    }

    #[test]
    fn c2_a_missing_tool_names_itself_and_the_set_up_command() {
        let err = tool("LEFI_TEST_UNSET_TOOL", &["lefi-no-such-tool"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("lefi-no-such-tool is missing"), "{err}");
        assert!(err.contains("browser_tools"), "{err}");
    }
}
