//! The portal's pages (SPEC C2; issue 15): typed view models and their HTML, from
//! compiled askama templates (`templates/`), the stylesheet and the one small script.
//!
//! # Interface
//!
//! Every page is a function from its view model to a complete HTML document (`String`):
//!
//! | function | page |
//! |---|---|
//! | [`login_page`] | "Logga in": what the service is, "Logga in med e-legitimation" |
//! | [`choose_organisation`] | "Välj organisation" for a user of several (radio buttons, CSRF) |
//! | [`query_form`] | "Hämta förmånsinformation": [`FormView`] |
//! | [`answer`] | "Visa förmånsinformation": [`AnswerView`], made by [`answer_view`] |
//! | [`message`] | logged out, session expired, closed, not authorised, error: [`MessageView`] |
//!
//! Each view carries a [`Layout`]: who is logged in and for which organisation, and the
//! session's CSRF token for the "Logga ut" form (no user: no header block, no form).
//! Page titles are fixed per page in the templates, so no personnummer can reach a
//! `<title>`; the answer page shows the personnummer in its body only.
//!
//! The form: [`FormView::new`] from `Agreement::portal_choices()` (only the agreement's
//! benefits are ever rendered, P3; ticked from the start for municipalities), then
//! [`FormView::with_input`] with what was sent (kept after an error; a code that is not a
//! choice is ignored), [`FormView::tick_all`] for "Markera alla" (`atgard=markera-alla`),
//! [`FormView::with_violations`] for the rule errors of `RawQuery::validate` (the same
//! codes and Swedish texts as the API, V9) and [`FormView::with_message`] for a problem
//! that is not a field's ([`GeneralMessage`]: closed, rate limited, not authorised,
//! internal). The form posts `personnummer`, `fran`, `till`, `formaner` (one per ticked
//! code), `atgard` (`skicka` or `markera-alla`) and `csrf` to [`paths::QUERY`].
//!
//! Routes the pages link to are in [`paths`]; the stylesheet and script, served by the
//! portal at [`paths::CSS`] and [`paths::JS`], are [`CSS`] and [`JS`]. No page has an
//! inline style or script (the CSP is `default-src 'self'`), and every page works
//! without the script.
//!
//! # Decisions
//!
//! - **Dates are one text input each** (`ÅÅÅÅ-MM-DD`, the API's own form), not
//!   `type="date"`: the native picker differs by browser and screen reader (segmented
//!   spin buttons in Chromium, announced unevenly by NVDA and VoiceOver), shows the
//!   browser's locale order rather than the hint's, and submits an empty value for a
//!   half-typed or impossible date, so the person's input would be lost instead of
//!   being kept and answered with `DATE_FORMAT` next to the field. Case workers copy
//!   dates from case files; one plain field takes a pasted `2025-01-01` in every
//!   browser (GOV.UK's advice for dates people look up is the same). Not three fields
//!   either: a period is two dates, and six boxes for it are slower to fill.
//! - **"Skicka" is the form's first submit button**, before "Markera alla": pressing
//!   Enter in a field submits with the first one, and must send, not tick.
//! - **The answer page is generic under its sections** ([`answer_view`] and its
//!   `record` module): every field of every shape of the v9 answer is shown, labelled
//!   from one table that a test holds to the contract, so a field the contract adds
//!   cannot silently disappear from the page.

mod answer;
pub(crate) mod format;
mod labels;
mod record;

use std::collections::BTreeSet;

use askama::Template;
use chrono::{DateTime, Utc};
use lefi_domain::agreement::PortalChoice;
use lefi_domain::query::{Field as RuleField, Violation};
use lefi_domain::{BenefitGroup, Purpose, PurposeField};

pub use answer::{
    AnswerContext, AnswerView, Block, Cell, Column, DeviationView, Fact, FactTable, ListTable,
    Notice, Section, answer_view,
};

/// The stylesheet, served at [`paths::CSS`].
pub const CSS: &str = include_str!("../static/portal.css");

/// The script, served at [`paths::JS`]: it moves focus to an error summary, ticks every
/// box for "Markera alla" without a round trip, and makes wide tables focusable only
/// when they scroll. Every page works without it.
pub const JS: &str = include_str!("../static/portal.js");

/// The addresses the pages link and post to. Change them here only.
pub mod paths {
    /// Start page ("Logga in"); GET.
    pub const START: &str = "/";
    /// Starts the login with e-legitimation; GET.
    pub const LOGIN: &str = "/logga-in";
    /// Ends the session; POST with `csrf`.
    pub const LOGOUT: &str = "/logga-ut";
    /// "Välj organisation"; POST with `organisation` and `csrf`.
    pub const CHOOSE_ORGANISATION: &str = "/valj-organisation";
    /// "Hämta förmånsinformation": GET for an empty form, POST to send it.
    pub const QUERY: &str = "/fraga";
    /// "Vem har hämtat uppgifter om mig?" (A5): the person's own lookups; GET. Needs a
    /// login, not an organisation.
    pub const OWN_LOOKUPS: &str = "/vem-har-hamtat";
    /// The login that ends at [`OWN_LOOKUPS`] (no organisation is chosen).
    pub const OWN_LOOKUPS_LOGIN: &str = "/logga-in?till=vem-har-hamtat";
    pub const CSS: &str = "/static/portal.css";
    pub const JS: &str = "/static/portal.js";
}

/// The person logged in, as the header names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedIn {
    /// The person's name from the e-legitimation.
    pub name: String,
    /// The organisation they act for, by name.
    pub organisation: String,
}

/// What every page's frame shows: who is logged in, and the CSRF token of the "Logga
/// ut" form. The page title is the page's own (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub user: Option<LoggedIn>,
    pub csrf: Option<String>,
}

impl Layout {
    /// A page for someone not logged in: no user, no logout form.
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn new(user: Option<LoggedIn>, csrf: Option<&str>) -> Self {
        Self {
            user,
            csrf: csrf.map(str::to_owned),
        }
    }
}

/// A field of the form, with the element id the error summary links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Personnummer,
    From,
    To,
    /// The checkboxes as a whole; the link goes to the first one (GOV.UK's way).
    Benefits,
    /// A4's optional fields: purpose, legal basis, case reference.
    Purpose,
    LegalBasis,
    CaseReference,
}

impl Field {
    /// The id of the field's input (the first checkbox for [`Field::Benefits`]); its
    /// error message has the id `<id>-fel`, its hint `<id>-tips`.
    pub fn id(self) -> &'static str {
        match self {
            Field::Personnummer => "personnummer",
            Field::From => "fran",
            Field::To => "till",
            Field::Benefits => "formaner",
            Field::Purpose => "syfte",
            Field::LegalBasis => "rattslig-grund",
            Field::CaseReference => "arendereferens",
        }
    }

    /// A4: the form field of one of the additive fields.
    pub fn of_purpose(field: PurposeField) -> Field {
        match field {
            PurposeField::Purpose => Field::Purpose,
            PurposeField::LegalBasis => Field::LegalBasis,
            PurposeField::CaseReference => Field::CaseReference,
        }
    }

    /// The form field a rule's violation concerns. Both dates together (V3, V5) are
    /// shown at the from-date, where the period starts; a single code (V7) at the
    /// checkboxes. The document as a whole (V8) is no field of the form: `None`.
    pub fn of_rule(field: RuleField) -> Option<Field> {
        Some(match field {
            RuleField::Personnummer => Field::Personnummer,
            RuleField::From | RuleField::Period => Field::From,
            RuleField::To => Field::To,
            RuleField::Benefits | RuleField::Code(..) => Field::Benefits,
            RuleField::Document => return None,
            RuleField::Purpose(p) => Field::of_purpose(p),
        })
    }
}

/// One error shown at a field and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    /// The stable code, as the API reports it (`PNR_CHECKSUM`).
    pub code: String,
    /// The Swedish text, as the API's rules word it.
    pub message: String,
}

impl FieldError {
    /// The error of a failed rule (V1–V7), with the API's code and text; `None` for a
    /// violation that concerns no field of the form.
    pub fn from_violation(violation: &Violation) -> Option<FieldError> {
        Some(FieldError {
            field: Field::of_rule(violation.field)?,
            code: violation.code.as_str().to_owned(),
            message: violation.code.message_sv().to_owned(),
        })
    }
}

/// A message about the query as a whole, above the form: the service is closed, too
/// many queries, not authorised, an internal error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneralMessage {
    pub heading: String,
    pub text: String,
    /// The API's code (`SERVICE_CLOSED`, `RATE_LIMITED`, …), shown discreetly.
    pub code: Option<String>,
    /// A reference to give support (the correlation id).
    pub reference: Option<String>,
}

impl GeneralMessage {
    /// O4: closed, with the next opening time in Stockholm.
    pub fn closed(next_opening: Option<DateTime<Utc>>) -> Self {
        Self {
            heading: "Tjänsten är stängd just nu".to_owned(),
            text: match next_opening {
                Some(at) => format!(
                    "Frågan skickades inte. Tjänsten öppnar igen {}.",
                    format::date_time_in_words(at)
                ),
                None => "Frågan skickades inte.".to_owned(),
            },
            code: Some(lefi_contract::codes::SERVICE_CLOSED.to_owned()),
            reference: None,
        }
    }

    /// C3: the organisation's limit is reached; `retry_after_s` from the limiter.
    pub fn rate_limited(retry_after_s: Option<i64>) -> Self {
        let wait = match retry_after_s {
            Some(s) if s <= 60 => "om en minut".to_owned(),
            Some(s) => format!("om {} minuter", (s + 59) / 60),
            None => "senare".to_owned(),
        };
        Self {
            heading: "För många frågor just nu".to_owned(),
            text: format!(
                "Er organisation har ställt så många frågor som avtalet tillåter för tillfället. \
                 Frågan skickades inte. Försök igen {wait}."
            ),
            code: Some(lefi_contract::codes::RATE_LIMITED.to_owned()),
            reference: None,
        }
    }

    /// P1: the agreement does not (or no longer) allow the query.
    pub fn not_authorized() -> Self {
        Self {
            heading: "Ni har inte behörighet att ställa frågan".to_owned(),
            text: "Er organisations avtal om LEFI Online tillåter inte frågan just nu. Kontakta \
                   den som ansvarar för avtalet hos er."
                .to_owned(),
            code: Some(lefi_contract::codes::NOT_AUTHORIZED.to_owned()),
            reference: None,
        }
    }

    /// A query posted into an ended session: its period and benefits are back, the
    /// personnummer is not (it is never kept outside a login).
    pub fn draft_restored() -> Self {
        Self {
            heading: "Din förra fråga skickades inte".to_owned(),
            text: "Sessionen hade gått ut när du skickade den. Perioden och förmånerna du valde \
                   är ifyllda igen. Skriv personnumret på nytt och skicka frågan."
                .to_owned(),
            code: None,
            reference: None,
        }
    }

    /// The person register could not answer (SPEC §3 step 5); nothing was handed out.
    pub fn unavailable(correlation_id: &str) -> Self {
        Self {
            heading: "Personuppgifterna kan inte hämtas just nu".to_owned(),
            text: "Frågan kunde inte besvaras och inga uppgifter lämnades ut. Försök igen om en \
                   halv minut."
                .to_owned(),
            code: Some(lefi_contract::codes::TEMPORARILY_UNAVAILABLE.to_owned()),
            reference: Some(correlation_id.to_owned()),
        }
    }

    /// Something failed inside the service; nothing was handed out.
    pub fn internal(correlation_id: &str) -> Self {
        Self {
            heading: "Något gick fel".to_owned(),
            text: "Frågan kunde inte besvaras och inga uppgifter lämnades ut. Försök igen om en \
                   stund."
                .to_owned(),
            code: Some(lefi_contract::codes::INTERNT_FEL.to_owned()),
            reference: Some(correlation_id.to_owned()),
        }
    }
}

/// One checkbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The element id: the first box of the form is [`Field::Benefits`]'s id.
    pub id: String,
    /// The catalogue code, the box's value (`FK:SJP`).
    pub code: &'static str,
    pub name: &'static str,
    pub checked: bool,
}

/// One fieldset of checkboxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceGroup {
    pub legend: &'static str,
    pub choices: Vec<Choice>,
}

/// "Hämta förmånsinformation".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormView {
    pub layout: Layout,
    pub personnummer: String,
    pub from: String,
    pub to: String,
    /// Only the agreement's benefits (P3), in the portal's three groups.
    pub groups: Vec<ChoiceGroup>,
    pub errors: Vec<FieldError>,
    pub general: Option<GeneralMessage>,
    pub csrf: String,
    /// A4: purpose, legal basis and case reference as typed (kept after an error).
    pub purpose: Purpose,
    /// A4: which of them the agreement requires (the labels say so).
    pub required: BTreeSet<PurposeField>,
}

impl FormView {
    /// An empty form with the agreement's choices, ticked as `portal_choices` says.
    pub fn new(layout: Layout, choices: &[(BenefitGroup, Vec<PortalChoice>)], csrf: &str) -> Self {
        let mut n = 0;
        let groups = choices
            .iter()
            .filter(|(_, cs)| !cs.is_empty())
            .map(|(group, cs)| ChoiceGroup {
                legend: group.name_sv(),
                choices: cs
                    .iter()
                    .map(|c| {
                        n += 1;
                        Choice {
                            id: if n == 1 {
                                Field::Benefits.id().to_owned()
                            } else {
                                format!("{}-{n}", Field::Benefits.id())
                            },
                            code: c.benefit.code(),
                            name: c.benefit.name_sv(),
                            checked: c.ticked,
                        }
                    })
                    .collect(),
            })
            .collect();
        Self {
            layout,
            personnummer: String::new(),
            from: String::new(),
            to: String::new(),
            groups,
            errors: Vec::new(),
            general: None,
            csrf: csrf.to_owned(),
            purpose: Purpose::default(),
            required: BTreeSet::new(),
        }
    }

    /// A4: the additive fields the agreement requires.
    pub fn requiring(mut self, required: &BTreeSet<PurposeField>) -> Self {
        self.required = required.clone();
        self
    }

    /// A4: what was typed in the additive fields.
    pub fn with_purpose(mut self, purpose: Purpose) -> Self {
        self.purpose = purpose;
        self
    }

    /// A4: the form's three optional fields, for the template: (field, label, the text
    /// typed, the longest text allowed, required).
    pub fn purpose_fields(&self) -> Vec<(Field, &'static str, &str, usize, bool)> {
        PurposeField::ALL
            .into_iter()
            .map(|p| {
                let typed = match p {
                    PurposeField::Purpose => &self.purpose.purpose,
                    PurposeField::LegalBasis => &self.purpose.legal_basis,
                    PurposeField::CaseReference => &self.purpose.case_reference,
                };
                (
                    Field::of_purpose(p),
                    p.name_sv(),
                    typed.as_deref().unwrap_or(""),
                    p.max_chars(),
                    self.required.contains(&p),
                )
            })
            .collect()
    }

    /// What the person sent, kept in the form: the fields as typed, and exactly the
    /// ticked codes that are choices (anything else is not rendered, P3).
    pub fn with_input(
        mut self,
        personnummer: &str,
        from: &str,
        to: &str,
        ticked: &[String],
    ) -> Self {
        self.personnummer = personnummer.to_owned();
        self.from = from.to_owned();
        self.to = to.to_owned();
        for choice in self.groups.iter_mut().flat_map(|g| g.choices.iter_mut()) {
            choice.checked = ticked.iter().any(|t| t == choice.code);
        }
        self
    }

    /// "Markera alla": every box ticked.
    pub fn tick_all(mut self) -> Self {
        for choice in self.groups.iter_mut().flat_map(|g| g.choices.iter_mut()) {
            choice.checked = true;
        }
        self
    }

    /// The rules' errors at their fields (V9: every one). A violation of no field of
    /// the form is not lost: it becomes the general message.
    pub fn with_violations(mut self, violations: &[Violation]) -> Self {
        for v in violations {
            match FieldError::from_violation(v) {
                Some(e) => self.errors.push(e),
                None => {
                    self.general = Some(GeneralMessage {
                        heading: "Frågan kunde inte tas emot".to_owned(),
                        text: v.code.message_sv().to_owned(),
                        code: Some(v.code.as_str().to_owned()),
                        reference: None,
                    })
                }
            }
        }
        self
    }

    pub fn with_message(mut self, message: GeneralMessage) -> Self {
        self.general = Some(message);
        self
    }

    /// The errors of one field, for the template.
    pub fn errors_of(&self, field: &Field) -> Vec<&FieldError> {
        self.errors.iter().filter(|e| e.field == *field).collect()
    }

    /// `aria-describedby` of a field: its hint, and its error message when it has one.
    pub fn described_by(&self, field: &Field) -> String {
        let id = field.id();
        if self.errors.iter().any(|e| e.field == *field) {
            format!("{id}-tips {id}-fel")
        } else {
            format!("{id}-tips")
        }
    }

    pub fn has_error(&self, field: &Field) -> bool {
        self.errors.iter().any(|e| e.field == *field)
    }

    /// The summary's entries: one per field, in the form's order, so that each link
    /// goes to a different place (a field with two errors lists both texts).
    pub fn summary(&self) -> Vec<&FieldError> {
        let order = [
            Field::Personnummer,
            Field::From,
            Field::To,
            Field::Benefits,
            Field::Purpose,
            Field::LegalBasis,
            Field::CaseReference,
        ];
        order
            .iter()
            .flat_map(|f| self.errors.iter().filter(move |e| e.field == *f))
            .collect()
    }
}

/// An organisation a user may act for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationChoice {
    /// The radio button's value (the organisation's id in the Directory).
    pub value: String,
    pub name: String,
    /// As people write it, `212000-0142`.
    pub organisationsnummer: String,
}

/// "Välj organisation".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChooseOrganisationView {
    pub layout: Layout,
    pub organisations: Vec<OrganisationChoice>,
    pub csrf: String,
    /// "Välj en organisation." when none was chosen.
    pub error: Option<String>,
}

/// Why someone may not use the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAuthorizedReason {
    /// The person acts for no organisation with an agreement.
    NoOrganisation,
    /// The organisation's agreement does not include the portal channel.
    NoPortalChannel,
    /// The organisation has no valid agreement (none, expired, not yet valid).
    NoAgreement,
}

/// The message pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    LoggedOut,
    /// After 120 minutes without activity (C2). `draft_kept`: a query form was posted
    /// into the ended session, and its period and benefits wait for the next login.
    SessionExpired {
        draft_kept: bool,
    },
    /// O4, with the next opening.
    Closed {
        next_opening: Option<DateTime<Utc>>,
    },
    NotAuthorized(NotAuthorizedReason),
    /// Anything else that went wrong, with the reference to give support.
    Error {
        correlation_id: String,
    },
}

/// A message page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageView {
    pub layout: Layout,
    pub kind: MessageKind,
}

impl MessageView {
    pub fn new(layout: Layout, kind: MessageKind) -> Self {
        Self { layout, kind }
    }

    /// The page's `<title>` and `<h1>`.
    pub fn title(&self) -> &'static str {
        match self.kind {
            MessageKind::LoggedOut => "Du är utloggad",
            MessageKind::SessionExpired { .. } => "Din session har gått ut",
            MessageKind::Closed { .. } => "Tjänsten är stängd",
            MessageKind::NotAuthorized(_) => "Du har inte behörighet",
            MessageKind::Error { .. } => "Något gick fel",
        }
    }

    /// The next opening, in words, for the closed page.
    pub fn next_opening(&self) -> Option<String> {
        match self.kind {
            MessageKind::Closed {
                next_opening: Some(at),
            } => Some(format::date_time_in_words(at)),
            _ => None,
        }
    }
}

/// The page to show when rendering itself failed (a template's value could not be
/// written): plain, with no data.
const FALLBACK: &str = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
<title>Något gick fel – LEFI Online</title><link rel=\"stylesheet\" href=\"/static/portal.css\">\
</head><body><main id=\"innehall\"><h1>Något gick fel</h1><p>Sidan kunde inte visas. \
Försök igen om en stund.</p></main></body></html>";

fn render(template: &impl Template) -> String {
    template.render().unwrap_or_else(|_| FALLBACK.to_owned())
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginTemplate<'a> {
    layout: &'a Layout,
}

#[derive(Template)]
#[template(path = "choose_organisation.html")]
struct ChooseOrganisationTemplate<'a> {
    layout: &'a Layout,
    view: &'a ChooseOrganisationView,
}

#[derive(Template)]
#[template(path = "query_form.html")]
struct QueryFormTemplate<'a> {
    layout: &'a Layout,
    view: &'a FormView,
}

#[derive(Template)]
#[template(path = "answer.html")]
struct AnswerTemplate<'a> {
    layout: &'a Layout,
    view: &'a AnswerView,
}

#[derive(Template)]
#[template(path = "own_lookups.html")]
struct OwnLookupsTemplate<'a> {
    layout: &'a Layout,
    view: &'a OwnLookupsView,
}

/// "Vem har hämtat uppgifter om mig?" (A5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnLookupsView {
    pub layout: Layout,
    /// Newest first.
    pub lookups: Vec<crate::own::Lookup>,
    /// Whether the person acts for an organisation now (then a link back to the form).
    pub has_organisation: bool,
}

/// "Vem har hämtat uppgifter om mig?".
pub fn own_lookups(view: &OwnLookupsView) -> String {
    render(&OwnLookupsTemplate {
        layout: &view.layout,
        view,
    })
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessageTemplate<'a> {
    layout: &'a Layout,
    view: &'a MessageView,
}

/// "Logga in": the start page for someone not logged in.
pub fn login_page() -> String {
    render(&LoginTemplate {
        layout: &Layout::anonymous(),
    })
}

/// "Välj organisation", for a user who may act for several.
pub fn choose_organisation(view: &ChooseOrganisationView) -> String {
    render(&ChooseOrganisationTemplate {
        layout: &view.layout,
        view,
    })
}

/// "Hämta förmånsinformation".
pub fn query_form(view: &FormView) -> String {
    render(&QueryFormTemplate {
        layout: &view.layout,
        view,
    })
}

/// "Visa förmånsinformation".
pub fn answer(view: &AnswerView) -> String {
    render(&AnswerTemplate {
        layout: &view.layout,
        view,
    })
}

/// A message page.
pub fn message(view: &MessageView) -> String {
    render(&MessageTemplate {
        layout: &view.layout,
        view,
    })
}

#[cfg(test)]
mod tests;
