//! The keyboard as a person uses it (C2: "keyboard-only use, focus visible"): Tab,
//! Shift+Tab, Space, Enter through WebDriver's input actions (real key events, not
//! `element.focus()`), which element has focus, and whether its focus can be seen.

use std::fmt;

use serde::Deserialize;

/// The element that has focus.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Focused {
    /// Lower-case tag name, e.g. `input`, `button`, `a`.
    pub tag: String,
    /// Its `id`, when it has one.
    pub id: Option<String>,
    /// Its `name`, when it has one.
    pub name: Option<String>,
    /// Its `type` attribute (inputs, buttons), when it has one.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Its visible text (a button's, a link's), trimmed; empty for an input.
    pub text: String,
    /// The text of its first `<label>`, trimmed, when it has one.
    pub label: Option<String>,
}

impl fmt::Display for Focused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)?;
        if let Some(id) = &self.id {
            write!(f, "#{id}")?;
        }
        if let Some(name) = &self.name {
            write!(f, "[name={name}]")?;
        }
        if let Some(label) = &self.label {
            write!(f, " label {label:?}")?;
        }
        if !self.text.is_empty() {
            write!(f, " {:?}", self.text)?;
        }
        Ok(())
    }
}

/// One computed style that differs between the focused and the unfocused element.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StyleChange {
    /// Which box: `element`, `element::before`, `label`, `label::before`, `parent`, …
    pub part: String,
    /// The CSS property, e.g. `outline`, `box-shadow`.
    pub property: String,
    /// Its value without focus.
    pub unfocused: String,
    /// Its value with focus.
    pub focused: String,
}

/// Whether the focused element shows that it has focus.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FocusIndicator {
    /// The element checked.
    pub element: Focused,
    /// The browser matched `:focus-visible` (it would draw a focus ring by default).
    pub focus_visible: bool,
    /// What changes on focus: the element's outline, box shadow, borders, colours and
    /// underline, and the same of its `::before`/`::after`, its labels' and its parent's
    /// (custom checkboxes draw their focus on the label).
    pub changes: Vec<StyleChange>,
}

impl FocusIndicator {
    /// Focus can be seen: the browser considers it keyboard focus and the page draws
    /// something different for it (an `outline: none` with nothing instead fails).
    pub fn is_visible(&self) -> bool {
        self.focus_visible && !self.changes.is_empty()
    }
}

impl fmt::Display for FocusIndicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.element,
            if self.is_visible() {
                "focus visible"
            } else {
                "NO visible focus"
            }
        )?;
        if !self.focus_visible {
            write!(f, " (not :focus-visible)")?;
        }
        for c in &self.changes {
            write!(
                f,
                "\n    {} {}: {} -> {}",
                c.part, c.property, c.unfocused, c.focused
            )?;
        }
        Ok(())
    }
}

pub(crate) const FOCUSED_SCRIPT: &str = r#"
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const attr = n => e.getAttribute(n);
const label = e.labels && e.labels.length ? e.labels[0].innerText.trim() : null;
return JSON.stringify({ tag: e.tagName.toLowerCase(), id: attr("id"), name: attr("name"),
  type: attr("type"), text: (e.innerText || "").trim(), label });
"#;

/// Reads the styles with focus, blurs the element (transitions off, so the unfocused
/// values are read at once), reads them again, and gives focus back; then checks the
/// focused styles came back as they were, so the caller's page is as it found it.
pub(crate) const INDICATOR_SCRIPT: &str = r#"
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const PROPS = ["box-shadow", "border-top-color", "border-right-color", "border-bottom-color",
  "border-left-color", "border-top-width", "border-bottom-width", "background-color", "color",
  "text-decoration-line", "text-decoration-thickness"];
const parts = [["element", e]];
Array.from(e.labels || []).forEach((l, i) => parts.push([i ? "label" + (i + 1) : "label", l]));
if (e.parentElement) parts.push(["parent", e.parentElement]);
const read = () => {
  const out = {};
  for (const [name, el] of parts) for (const pseudo of ["", "::before", "::after"]) {
    const s = getComputedStyle(el, pseudo || null);
    if (pseudo && (s.content === "none" || s.content === "normal")) continue;
    const key = name + pseudo;
    // An outline counts only when it is drawn.
    out[key + " outline"] = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} offset ${s.outlineOffset}` : "none";
    for (const p of PROPS) out[key + " " + p] = s.getPropertyValue(p);
  }
  return out;
};
const still = [];
for (const [, el] of parts) { still.push([el, el.style.getPropertyValue("transition"),
  el.style.getPropertyPriority("transition")]); el.style.setProperty("transition", "none", "important"); }
const focusVisible = e.matches(":focus-visible");
const focused = read();
e.blur();
const unfocused = read();
e.focus();
const back = read();
for (const [el, v, prio] of still) { if (v) el.style.setProperty("transition", v, prio); else el.style.removeProperty("transition"); }
const restored = document.activeElement === e && e.matches(":focus-visible") === focusVisible
  && JSON.stringify(back) === JSON.stringify(focused);
const changes = Object.keys(focused).filter(k => focused[k] !== unfocused[k]).map(k => {
  const i = k.indexOf(" ");
  return { part: k.slice(0, i), property: k.slice(i + 1), unfocused: String(unfocused[k]), focused: String(focused[k]) };
});
const attr = n => e.getAttribute(n);
const label = e.labels && e.labels.length ? e.labels[0].innerText.trim() : null;
return JSON.stringify({ restored, focusVisible, changes, element: { tag: e.tagName.toLowerCase(),
  id: attr("id"), name: attr("name"), type: attr("type"), text: (e.innerText || "").trim(), label } });
"#;

#[derive(Debug, Deserialize)]
pub(crate) struct IndicatorOutcome {
    pub restored: bool,
    #[serde(flatten)]
    pub indicator: FocusIndicator,
}
