//! The harness proved on fixture pages served over HTTPS (C2: the portal is tested in a
//! real browser): TLS trust, axe-core under a strict CSP, printing, the keyboard, a
//! screenshot, and no process left behind.
//!
//! Needs Debian's chromium, chromium-driver, poppler-utils and this crate's `npm ci`
//! (`scripts/lib/browser.sh`; scripts/test runs it). Without them each test prints a note
//! and passes, unless `CI` is set: then it fails.

#![allow(clippy::unwrap_used)] // Tests: a panic is the failure report.

mod fixture;

use std::path::Path;
use std::process::Command;

use lefi_browser::{Browser, Options, Spki, pdf_text, report};
use serde_json::{Value, json};

/// A fixture server with its own self-signed certificate, and a browser trusting it.
async fn browser_and_site(case: &str) -> Option<(Browser, String)> {
    let identity = fixture::self_signed();
    let options = Options::trusting_pem(&identity.pem).unwrap();
    let base = fixture::serve(identity).await;
    let browser = Browser::for_test(case, options).await?;
    Some((browser, base))
}

async fn js(browser: &Browser, script: &str) -> Value {
    browser.client().execute(script, vec![]).await.unwrap()
}

#[tokio::test]
async fn c2_axe_reports_the_known_faults_of_a_page_by_rule_and_element() {
    let case = "c2_axe_reports_the_known_faults_of_a_page_by_rule_and_element";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/fel")).await.unwrap();

    let violations = browser.axe().await.unwrap();

    let ids: Vec<&str> = violations.iter().map(|v| v.id.as_str()).collect();
    assert!(ids.contains(&"label"), "{}", report(&violations));
    assert!(ids.contains(&"color-contrast"), "{}", report(&violations));
    let label = violations.iter().find(|v| v.id == "label").unwrap();
    let targets: Vec<String> = label.nodes.iter().map(|n| n.selector()).collect();
    assert_eq!(targets, ["#utan-etikett"], "{}", report(&violations));
    assert_eq!(label.impact.as_deref(), Some("critical"));
    // The report a failing assertion prints names the rule, its help and the element.
    let printed = report(&violations);
    assert!(
        printed.contains("label (critical): Form elements must have labels"),
        "{printed}"
    );
    assert!(printed.contains("at #utan-etikett"), "{printed}");
}

#[tokio::test]
async fn c2_axe_finds_nothing_on_a_clean_page_under_a_strict_csp() {
    let case = "c2_axe_finds_nothing_on_a_clean_page_under_a_strict_csp";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/ren")).await.unwrap();

    let violations = browser.axe().await.unwrap();
    assert!(violations.is_empty(), "{}", report(&violations));

    // The CSP was in force while axe ran: the page's inline script was refused. (axe
    // itself comes in through WebDriver, which the page's CSP does not govern.)
    assert_eq!(
        js(
            &browser,
            "return document.documentElement.dataset.inline ?? null;"
        )
        .await,
        Value::Null
    );
    // A second run reuses the axe already in the page.
    assert!(browser.axe().await.unwrap().is_empty());
}

#[tokio::test]
async fn c2_the_printed_pdf_holds_the_table_and_not_the_print_hidden_navigation() {
    let case = "c2_the_printed_pdf_holds_the_table_and_not_the_print_hidden_navigation";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/ren")).await.unwrap();
    // On screen the navigation and the form are there.
    let screen = js(&browser, "return document.body.innerText;").await;
    let screen = screen.as_str().unwrap();
    assert!(screen.contains("Logga ut") && screen.contains("Personnummer"));

    let pdf = browser.print_pdf().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let text = pdf_text(&pdf).unwrap();

    assert!(text.contains("Hämta förmånsinformation"), "{text}");
    assert!(text.contains("Utbetalningar"), "{text}");
    for i in [1, fixture::ROWS / 2, fixture::ROWS] {
        let row = format!("Utbetalning {i} ");
        assert!(text.contains(&row), "row {i} missing from the PDF:\n{text}");
    }
    assert!(
        !text.contains("Logga ut"),
        "the navigation was printed:\n{text}"
    );
    assert!(
        !text.contains("Personnummer"),
        "the form was printed:\n{text}"
    );
    // 40 rows and a heading do not fit on one A4 page: the pages break between rows.
    assert!(text.matches('\u{c}').count() >= 1, "one page only:\n{text}");
}

#[tokio::test]
async fn c2_tab_moves_focus_through_the_form_in_order_with_focus_visible() {
    let case = "c2_tab_moves_focus_through_the_form_in_order_with_focus_visible";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/ren")).await.unwrap();
    assert_eq!(
        browser.focused().await.unwrap(),
        None,
        "focus before any key"
    );

    let mut order = Vec::new();
    for _ in 0..8 {
        browser.tab().await.unwrap();
        let focused = browser.focused().await.unwrap().unwrap();
        let indicator = browser.focus_indicator().await.unwrap();
        assert!(indicator.is_visible(), "{indicator}");
        // The check gave focus back where the keyboard left it.
        assert_eq!(browser.focused().await.unwrap().as_ref(), Some(&focused));
        order.push(focused.id.unwrap_or_default());
    }
    assert_eq!(
        order,
        [
            "start", "logga-ut", "pnr", "from", "to", "sjp", "fp", "skicka"
        ]
    );
    // Shift+Tab goes back one; the element reads as a person would name it.
    browser.shift_tab().await.unwrap();
    let back = browser.focused().await.unwrap().unwrap();
    assert_eq!(
        back.to_string(),
        r#"input#fp[name=formaner] label "Föräldrapenning""#
    );

    // Space ticks the focused checkbox, and again unticks it.
    let checked = "return document.getElementById('fp').checked;";
    assert_eq!(js(&browser, checked).await, json!(false));
    browser.space().await.unwrap();
    assert_eq!(js(&browser, checked).await, json!(true));
    browser.space().await.unwrap();
    assert_eq!(js(&browser, checked).await, json!(false));

    // Enter on the button sends the form.
    browser.tab().await.unwrap();
    assert_eq!(browser.focused().await.unwrap().unwrap().text, "Skicka");
    browser.enter().await.unwrap();
    browser
        .client()
        .wait()
        .for_url(&url_of(&format!("{base}/skickat")))
        .await
        .unwrap();
    assert_eq!(browser.client().title().await.unwrap(), "Skickat");
}

fn url_of(s: &str) -> lefi_browser::url::Url {
    s.parse().unwrap()
}

#[tokio::test]
async fn c2_a_focus_the_page_hides_is_reported_as_not_visible() {
    let case = "c2_a_focus_the_page_hides_is_reported_as_not_visible";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/utan-fokus")).await.unwrap();

    browser.tab().await.unwrap();
    let hidden = browser.focus_indicator().await.unwrap();
    assert_eq!(hidden.element.id.as_deref(), Some("dold"));
    assert!(!hidden.is_visible(), "{hidden}");
    assert!(
        hidden.focus_visible,
        "the browser itself took it as keyboard focus"
    );

    browser.tab().await.unwrap();
    let shown = browser.focus_indicator().await.unwrap();
    assert_eq!(shown.element.id.as_deref(), Some("synlig"));
    assert!(shown.is_visible(), "{shown}");
    let properties: Vec<&str> = shown.changes.iter().map(|c| c.property.as_str()).collect();
    assert!(
        properties.contains(&"outline") && properties.contains(&"box-shadow"),
        "{shown}"
    );
}

#[tokio::test]
async fn c2_a_screenshot_is_a_full_page_png_under_the_target_directory() {
    let case = "c2_a_screenshot_is_a_full_page_png_under_the_target_directory";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/ren")).await.unwrap();
    let window = js(
        &browser,
        "const d = document.documentElement;
         return [innerWidth, innerHeight, d.clientWidth, d.scrollHeight];",
    )
    .await;
    let px = |i: usize| window[i].as_u64().unwrap();
    assert_eq!((px(0), px(1)), (1280, 900), "a laptop's viewport");
    // The page's width: the viewport's less its scroll bar.
    let (page_width, page_height) = (px(2), px(3));
    assert!(
        page_height > 900,
        "the fixture page must scroll ({page_height} px)"
    );

    let path = browser.screenshot("fixture-ren").await.unwrap();

    assert!(
        path.ends_with("browser-screens/fixture-ren.png"),
        "{}",
        path.display()
    );
    let png = std::fs::read(&path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(u64::from(width), page_width);
    assert_eq!(
        u64::from(height),
        page_height,
        "the whole page, not the window"
    );
}

#[tokio::test]
async fn c2_the_browser_trusts_the_given_certificate_and_refuses_any_other() {
    let case = "c2_the_browser_trusts_the_given_certificate_and_refuses_any_other";
    let trusted = fixture::self_signed();
    let options = Options::trusting_pem(&trusted.pem).unwrap();
    let trusted = fixture::serve(trusted).await;
    let stranger = fixture::serve(fixture::self_signed()).await;
    let Some(browser) = Browser::for_test(case, options).await else {
        return;
    };

    browser.goto(&format!("{trusted}/ren")).await.unwrap();
    assert_eq!(
        browser.client().title().await.unwrap(),
        "Hämta förmånsinformation"
    );

    let refused = browser.goto(&format!("{stranger}/ren")).await.unwrap_err();
    assert!(refused.is_untrusted_certificate(), "{refused}");
    assert_eq!(
        refused.to_string(),
        "the browser showed its error page instead: NET::ERR_CERT_AUTHORITY_INVALID"
    );
}

#[tokio::test]
async fn c2_a_trusted_ca_counts_when_the_server_sends_it_in_its_chain() {
    let case = "c2_a_trusted_ca_counts_when_the_server_sends_it_in_its_chain";
    let ca = fixture::ca();
    let options = Options::trusting_pem(&ca.pem).unwrap();
    let with_ca = fixture::serve(ca.issue(true)).await;
    // Chromium matches the hashes against the certificates the server sends: a server
    // sending its leaf alone is not trusted through its CA's hash (trust the leaf then).
    let leaf_only = fixture::serve(ca.issue(false)).await;
    let Some(browser) = Browser::for_test(case, options).await else {
        return;
    };

    browser.goto(&format!("{with_ca}/ren")).await.unwrap();
    assert_eq!(
        browser.client().title().await.unwrap(),
        "Hämta förmånsinformation"
    );
    let refused = browser.goto(&format!("{leaf_only}/ren")).await.unwrap_err();
    assert!(refused.is_untrusted_certificate(), "{refused}");
}

#[tokio::test]
async fn c2_dropping_the_browser_leaves_no_process_behind() {
    let case = "c2_dropping_the_browser_leaves_no_process_behind";
    let Some((browser, base)) = browser_and_site(case).await else {
        return;
    };
    browser.goto(&format!("{base}/ren")).await.unwrap();
    let profile = browser.profile_dir().to_path_buf();
    let driver = browser.driver_pid();
    let running = pgrep(&profile);
    assert!(
        running.len() >= 2,
        "the browser and its renderer: {running:?}"
    );

    drop(browser);

    assert_eq!(
        pgrep(&profile),
        Vec::<u32>::new(),
        "browser processes left running"
    );
    // Gone, not zombies: a zombie keeps its /proc entry until reaped.
    for pid in running.iter().chain([&driver]) {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        assert!(stat.is_empty(), "process {pid} is still there: {stat}");
    }
    assert!(
        !profile.exists(),
        "the profile {} was left",
        profile.display()
    );
}

/// Processes whose command line names `profile` (pgrep -f): the browser's, its crash
/// handlers' (their database is under the profile, the HOME it was given).
fn pgrep(profile: &Path) -> Vec<u32> {
    let out = Command::new("pgrep")
        .args(["-f", "--"])
        .arg(profile)
        .output()
        .expect("pgrep (procps)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// Runs one test of this binary again in a child process, with ChromeDriver "missing".
fn run_without_chromedriver(ci: bool) -> (bool, String) {
    let test = "c2_axe_finds_nothing_on_a_clean_page_under_a_strict_csp";
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([test, "--exact", "--nocapture"])
        .env("LEFI_CHROMEDRIVER", "/nonexistent/chromedriver")
        .env_remove("CI");
    if ci {
        cmd.env("CI", "true");
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn c2_a_missing_browser_skips_the_test_outside_ci_and_fails_it_in_ci() {
    let (passed, text) = run_without_chromedriver(false);
    assert!(passed, "{text}");
    assert!(
        text.contains("SKIPPED c2_axe_finds_nothing_on_a_clean_page_under_a_strict_csp: /nonexistent/chromedriver ($LEFI_CHROMEDRIVER) is missing"),
        "{text}"
    );
    assert!(text.contains("browser_tools"), "the set-up command: {text}");

    let (passed, text) = run_without_chromedriver(true);
    assert!(!passed, "{text}");
    assert!(
        text.contains("CI must run c2_axe_finds_nothing_on_a_clean_page_under_a_strict_csp"),
        "{text}"
    );
}

#[test]
fn c2_the_spki_of_a_certificate_is_its_public_keys_sha256() {
    let identity = fixture::self_signed();
    let hashes = Spki::of_pem(&identity.pem).unwrap();
    assert_eq!(hashes.len(), 1);
    // 32 bytes in base64: 44 characters ending in one '='.
    assert_eq!(hashes[0].as_str().len(), 44);
    assert!(hashes[0].as_str().ends_with('='));
    assert_eq!(Spki::of_der(&identity.chain[0]).unwrap(), hashes[0]);
    assert_ne!(
        Spki::of_pem(&fixture::self_signed().pem).unwrap(),
        hashes,
        "another key"
    );
    let ca = fixture::ca();
    let chain = format!("{}{}", ca.issue(false).pem, ca.pem);
    assert_eq!(Spki::of_pem(&chain).unwrap().len(), 2);
    assert!(Spki::of_pem("no certificate here").is_err());
}
