//! axe-core in the page under test: the WCAG 2.0 and 2.1 level A and AA rules (C2:
//! "accessible (WCAG 2.1 AA)"). axe-core is pinned by this crate's package-lock.json and
//! installed into its node_modules by `scripts/lib/browser.sh` (`npm ci`).
//!
//! The script goes in through WebDriver's Execute Script, not a `<script>` element, so it
//! runs under a page's `Content-Security-Policy: default-src 'self'` (no inline script,
//! no eval) exactly as the portal's pages will have it.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;

use crate::Error;

/// The rule tags run: WCAG 2.0 and 2.1, levels A and AA. (No best-practice rules: they
/// are advice, not the law's level.)
pub const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// One failed axe rule with every element it failed on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// The rule, e.g. `label`, `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks, in a line.
    pub help: String,
    /// Deque's page about the rule.
    pub help_url: String,
    /// The failing elements.
    pub nodes: Vec<Node>,
}

/// One element a rule failed on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// CSS selectors to the element (more than one inside frames or shadow roots).
    pub target: Vec<serde_json::Value>,
    /// axe's own account of what to fix.
    #[serde(default)]
    pub failure_summary: Option<String>,
}

impl Node {
    /// The selector path as one string.
    pub fn selector(&self) -> String {
        self.target
            .iter()
            .map(|t| match t {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" >>> ")
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}): {} <{}>",
            self.id,
            self.impact.as_deref().unwrap_or("no impact given"),
            self.help,
            self.help_url
        )?;
        for node in &self.nodes {
            write!(f, "    at {}", node.selector())?;
            if let Some(summary) = &node.failure_summary {
                // axe's summary is several lines; one line each, indented under the node.
                for line in summary.lines().filter(|l| !l.trim().is_empty()) {
                    write!(f, "\n        {}", line.trim())?;
                }
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Every violation, readable in an assertion message:
/// `assert!(v.is_empty(), "{}", lefi_browser::report(&v))`.
pub fn report(violations: &[Violation]) -> String {
    if violations.is_empty() {
        return "no WCAG 2.0/2.1 A or AA violations".into();
    }
    let mut out = format!("{} axe violation(s):\n", violations.len());
    for v in violations {
        out.push_str(&format!("  - {v}"));
    }
    out
}

/// Where `npm ci` puts axe-core: this crate's own node_modules.
pub(crate) fn script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

pub(crate) fn script() -> Result<String, Error> {
    let path = script_path();
    std::fs::read_to_string(&path).map_err(|_| Error::Missing {
        what: format!("axe-core ({})", path.display()),
    })
}

/// Runs axe on the whole document and hands back its violations (or the error it threw)
/// as JSON text: WebDriver's answer then cannot turn numbers or nulls into anything else.
pub(crate) fn run_script() -> String {
    let tags = serde_json::to_string(&WCAG_TAGS).unwrap_or_default();
    format!(
        r#"const done = arguments[arguments.length - 1];
axe.run(document, {{ runOnly: {{ type: "tag", values: {tags} }}, resultTypes: ["violations"] }})
  .then(r => done(JSON.stringify({{ violations: r.violations }})))
  .catch(e => done(JSON.stringify({{ error: String(e && e.stack || e) }})));"#
    )
}

#[derive(Debug, Deserialize)]
pub(crate) struct Outcome {
    #[serde(default)]
    pub violations: Vec<Violation>,
    pub error: Option<String>,
}
