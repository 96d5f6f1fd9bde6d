//! The portal (SPEC C2; issue 15): the web channel for smaller partners. A person logs
//! in with e-legitimation (OpenID Connect, [`oidc`]), acts for an organisation the
//! Directory lets them act for (P2), and asks through the same pipeline, workflow and
//! one audit point as the partner edge (`lefi_gateway::portal`): the agreement (P1, P3),
//! opening hours (O4), limits (C3), validation (V1–V9), metering (P4), audit (P5).
//!
//! Pages are server-rendered ([`views`]); the session is a cookie holding a random id
//! (`__Host-`, Secure, HttpOnly, SameSite=Strict) whose keyed digest is the store's key,
//! with a CSRF token in every form. Every page is `no-store` under a CSP without inline
//! script or style. The personnummer asked about is never in a URL, a title or a log
//! line: it travels in the POST body and the sealed audit record only.

pub mod config;
pub mod oidc;
pub mod own;
pub mod views;
pub mod web;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Benefit, Channel, Personnummer, Purpose, RawQuery, ViolationCode};
use lefi_gateway::Gateway;
use lefi_gateway::portal::{self, PortalQuery};
use lefi_gateway::reply::Problem;
use lefi_store::{PartnerId, PersonRef, Session};
use tracing::Instrument;

use crate::oidc::{Oidc, Pending};
use crate::views::{
    AnswerContext, ChooseOrganisationView, Field, FieldError, FormView, GeneralMessage, Layout,
    LoggedIn, MessageKind, MessageView, NotAuthorizedReason, OrganisationChoice, paths,
};
use crate::web::{DRAFT_COOKIE, LOGIN_COOKIE, Page, SESSION_COOKIE, cookie, field, set_cookie};

/// Where the provider sends the browser back (`<portal url>` + this is the registered
/// redirect URI).
pub const CALLBACK: &str = "/inloggning/klar";
/// Where "Logga ut" ends.
pub const LOGGED_OUT: &str = "/utloggad";

/// What a sealed login cookie is bound to.
const LOGIN_CONTEXT: &[u8] = b"lefi-portal/login";

/// The portal: the edge it asks through, and the login.
pub struct Portal {
    /// Store, workflow, keys, clock and opening hours: the partner edge's, so the
    /// portal's queries take exactly its stages.
    pub edge: Gateway,
    pub oidc: Oidc,
    /// The portal's public origin (`https://host[:port]`), for the Origin check.
    pub origin: String,
}

impl std::fmt::Debug for Portal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portal")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The deployed portal, from the Lambda's environment: its configuration, the client
/// secret and the personnummer keys from Secrets Manager (once, at init), DynamoDB, the
/// workflow through Step Functions, and the provider behind AWS's roots.
///
/// # Errors
/// A variable that is missing or malformed, or a secret that cannot be read.
pub async fn from_lambda_env() -> Result<Portal, lambda_http::Error> {
    use lefi_workflow::lambda::{AWS_ROOTS_PEM, ConfigError, LambdaAws, ProcessEnv};

    use crate::config::{Config, SecretConfig};

    let config = Config::from_env(&ProcessEnv)?;
    let aws = LambdaAws::from_env(&ProcessEnv)?.sdk_config();
    let client_secret = match &config.client_secret {
        SecretConfig::Text(text) => text.clone(),
        SecretConfig::Secret(id) => aws_sdk_secretsmanager::Client::new(&aws)
            .get_secret_value()
            .secret_id(id)
            .send()
            .await
            .ok()
            .and_then(|v| v.secret_string().map(str::to_owned))
            .ok_or_else(|| {
                ConfigError::malformed(config::OIDC_CLIENT_SECRET_VAR, "hemligheten kan inte läsas")
            })?,
    };
    let clock = Arc::new(lefi_gateway::SystemClock);
    let edge = Gateway::new(
        Arc::new(lefi_store::DynamoStore::from_conf(
            &aws,
            config.edge.table_prefix.clone(),
        )),
        Arc::new(lefi_workflow::SfnWorkflow::from_config(
            &aws,
            &config.edge.workflow,
        )),
        config.edge.keys.protector(&aws).await?,
        clock.clone(),
        config.edge.gateway(),
    );
    let oidc = Oidc::new(
        &config.issuer,
        &config.client_id,
        &client_secret,
        &format!("{}{CALLBACK}", config.portal_url),
        // Cognito's endpoints chain to AWS's roots.
        oidc::roots(AWS_ROOTS_PEM)?,
        clock,
    )?
    .with_identity_provider(config.identity_provider)
    .with_logout_endpoint(config.logout_url);
    Ok(Portal {
        edge,
        oidc,
        origin: config.portal_url,
    })
}

/// Serves one request. Never fails: every way ends in a page.
pub async fn handle(portal: &Portal, request: Request) -> Response<Body> {
    let correlation_id = lefi_gateway::correlation_id(&request);
    let span = tracing::info_span!("request", correlation_id = %correlation_id);
    let call = Call {
        portal,
        correlation_id: &correlation_id,
        now: portal.edge.clock.now(),
    };
    let page = route(&call, &request).instrument(span).await;
    // The path names a page, never a person (queries are POST bodies).
    tracing::info!(
        correlation_id = %correlation_id,
        method = %request.method(),
        path = %request.uri().path(),
        status = page.status.as_u16(),
        "served"
    );
    page.into_response(&correlation_id, portal.oidc.csp())
}

/// One request's context.
struct Call<'a> {
    portal: &'a Portal,
    correlation_id: &'a str,
    now: DateTime<Utc>,
}

/// Who is at the browser.
enum Visitor {
    /// No session cookie.
    Anonymous,
    /// A cookie whose session ended (idle 120 minutes, past its lifetime, logged out).
    Expired,
    Live(Session),
}

async fn route(call: &Call<'_>, request: &Request) -> Page {
    let path = request.uri().path();
    let method = request.method();
    match (method, path) {
        (&Method::GET, paths::CSS) => Page::asset("text/css; charset=utf-8", views::CSS),
        (&Method::GET, paths::JS) => Page::asset("text/javascript; charset=utf-8", views::JS),
        (&Method::GET | &Method::HEAD, paths::START) => start(call, request).await,
        (&Method::GET, paths::LOGIN) => login(call, request).await,
        (&Method::GET, paths::OWN_LOOKUPS) => own_lookups(call, request).await,
        (&Method::GET, CALLBACK) => callback(call, request).await,
        (&Method::GET, LOGGED_OUT) => message(Layout::anonymous(), MessageKind::LoggedOut),
        (_, paths::LOGOUT) if method == Method::POST => logout(call, request).await,
        (_, paths::CHOOSE_ORGANISATION) if method == Method::GET || method == Method::POST => {
            choose(call, request).await
        }
        (_, paths::QUERY) if method == Method::GET || method == Method::POST => {
            query(call, request).await
        }
        _ => {
            let mut page = error_page(call);
            page.status = StatusCode::NOT_FOUND;
            page
        }
    }
}

/// "Logga in", or on to where a logged-in person belongs.
async fn start(call: &Call<'_>, request: &Request) -> Page {
    match visitor(call, request).await {
        Ok(Visitor::Live(s)) if s.partner.is_some() => Page::redirect(paths::QUERY),
        Ok(Visitor::Live(_)) => Page::redirect(paths::CHOOSE_ORGANISATION),
        Ok(Visitor::Expired) => Page::html(StatusCode::OK, views::login_page())
            .with_cookie(set_cookie(SESSION_COOKIE, None, "Strict")),
        Ok(Visitor::Anonymous) => Page::html(StatusCode::OK, views::login_page()),
        Err(page) => page,
    }
}

/// Sends the browser to the identity provider, keeping state, nonce and the PKCE
/// verifier sealed in a cookie.
async fn login(call: &Call<'_>, request: &Request) -> Page {
    // Only a fixed target, never a URL from the request (no open redirect).
    let own_lookups = field(&web::query(request), "till") == Some(OWN_LOOKUPS_TARGET);
    match call.portal.oidc.start().await {
        Ok((url, pending)) => {
            let login = LoginCookie {
                pending,
                own_lookups,
            };
            let sealed = serde_json::to_vec(&login)
                .map(|json| call.portal.edge.protector.seal(&json, LOGIN_CONTEXT));
            match sealed {
                Ok(sealed) => Page::redirect(url).with_cookie(format!(
                    "{}; Max-Age={}",
                    set_cookie(LOGIN_COOKIE, Some(&sealed), "Lax"),
                    oidc::LOGIN_TIMEOUT.num_seconds()
                )),
                Err(_) => error_page(call),
            }
        }
        Err(e) => {
            tracing::warn!(correlation_id = %call.correlation_id, error = %e, "login could not start");
            error_page(call)
        }
    }
}

/// The provider sent the browser back: finish the login, find whom the person may act
/// for, record the login (P5), start the session.
async fn callback(call: &Call<'_>, request: &Request) -> Page {
    let clear_login = set_cookie(LOGIN_COOKIE, None, "Lax");
    let params = web::query(request);
    // The person chose "Avbryt" (or the provider refused): back to the start page.
    if field(&params, "error").is_some() {
        return Page::redirect(paths::START).with_cookie(clear_login);
    }
    let login = cookie(request, LOGIN_COOKIE)
        .and_then(|sealed| call.portal.edge.protector.open(sealed, LOGIN_CONTEXT).ok())
        .and_then(|json| serde_json::from_slice::<LoginCookie>(&json).ok());
    let own_lookups = login.as_ref().is_some_and(|l| l.own_lookups);
    let (Some(pending), Some(code), Some(state)) = (
        login.map(|l| l.pending),
        field(&params, "code"),
        field(&params, "state"),
    ) else {
        tracing::warn!(correlation_id = %call.correlation_id, "a login came back without its start");
        return error_page(call).with_cookie(clear_login);
    };
    let identity = match call.portal.oidc.finish(pending, code, state).await {
        Ok(identity) => identity,
        Err(e) => {
            tracing::warn!(correlation_id = %call.correlation_id, error = %e, "login failed");
            return error_page(call).with_cookie(clear_login);
        }
    };
    let Ok(pnr) = Personnummer::parse(&identity.personnummer, stockholm_date(call.now)) else {
        tracing::warn!(correlation_id = %call.correlation_id, "the identity provider's personnummer does not read");
        return error_page(call).with_cookie(clear_login);
    };
    let user = call.portal.edge.protector.protect(&pnr);
    // A5: a person who came to see their own lookups needs no organisation; no
    // organisation is signed in for (the view itself is audited).
    if own_lookups {
        let page = match new_session(call, &user, &identity.name, None).await {
            Ok((cookie, _)) => continue_to(paths::OWN_LOOKUPS).with_cookie(cookie),
            Err(page) => page,
        };
        return page.with_cookie(clear_login);
    }
    let partners = match partners_of(call, &user).await {
        Ok(p) => p,
        Err(page) => return page.with_cookie(clear_login),
    };
    let page = match partners.as_slice() {
        [] => sign_in(call, &user, &identity.name, None).await,
        [only] => sign_in(call, &user, &identity.name, Some(only.clone())).await,
        // Several: the person chooses; the login is recorded with the choice.
        _ => match new_session(call, &user, &identity.name, None).await {
            Ok((cookie, _)) => continue_to(paths::CHOOSE_ORGANISATION).with_cookie(cookie),
            Err(page) => page,
        },
    };
    page.with_cookie(clear_login)
}

/// Records the login for `partner` (or its refusal: no organisation, an agreement
/// without the portal) and starts a session for it.
async fn sign_in(
    call: &Call<'_>,
    user: &PersonRef,
    name: &str,
    partner: Option<PartnerId>,
) -> Page {
    let edge = &call.portal.edge;
    let signed_in = portal::sign_in(
        edge,
        call.correlation_id.to_owned(),
        user.clone(),
        partner.clone(),
    )
    .await;
    match (signed_in, partner) {
        (Ok(()), Some(partner)) => match new_session(call, user, name, Some(partner)).await {
            Ok((cookie, _)) => continue_to(paths::QUERY).with_cookie(cookie),
            Err(page) => page,
        },
        // No organisation: the query screens stay refused (and the refusal is
        // audited), but the person is logged in, so their own lookups are one link
        // away (A5).
        (Err(problem), None) if problem.status == 403 => {
            match new_session(call, user, name, None).await {
                Ok((cookie, csrf)) => {
                    let layout = Layout::new(
                        Some(LoggedIn {
                            name: name.to_owned(),
                            organisation: String::new(),
                        }),
                        Some(&csrf),
                    );
                    let kind = MessageKind::NotAuthorized(NotAuthorizedReason::NoOrganisation);
                    let mut page = message(layout, kind);
                    page.status = StatusCode::FORBIDDEN;
                    page.with_cookie(cookie)
                }
                Err(page) => page,
            }
        }
        (Err(problem), partner) if problem.status == 403 => {
            let reason = match partner {
                None => NotAuthorizedReason::NoOrganisation,
                Some(p) => match edge.store.agreement(&p).await {
                    Ok(Some(a)) if !a.channels.contains(&Channel::Portal) => {
                        NotAuthorizedReason::NoPortalChannel
                    }
                    _ => NotAuthorizedReason::NoAgreement,
                },
            };
            let mut page = message(Layout::anonymous(), MessageKind::NotAuthorized(reason));
            page.status = StatusCode::FORBIDDEN;
            page
        }
        _ => error_page(call),
    }
}

/// A new session (a new id at every login and every change of organisation); its
/// cookie and CSRF token.
async fn new_session(
    call: &Call<'_>,
    user: &PersonRef,
    name: &str,
    partner: Option<PartnerId>,
) -> Result<(String, String), Page> {
    let id = random_token();
    let session = Session {
        id: session_key(call, &id),
        user: user.clone(),
        user_name: name.to_owned(),
        partner,
        csrf: random_token(),
        created: call.now,
        last_seen: call.now,
    };
    match call.portal.edge.store.create(&session).await {
        Ok(()) => Ok((
            set_cookie(SESSION_COOKIE, Some(&id), "Strict"),
            session.csrf,
        )),
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "session could not be stored");
            Err(error_page(call))
        }
    }
}

/// "Välj organisation": a person who may act for several.
async fn choose(call: &Call<'_>, request: &Request) -> Page {
    let session = match live(call, request).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let partners = match partners_of(call, &session.user).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    // A person of no organisation (logged in for their own lookups, A5): the query
    // screens stay refused.
    if partners.is_empty() {
        let layout = Layout::new(
            Some(LoggedIn {
                name: session.user_name.clone(),
                organisation: String::new(),
            }),
            Some(&session.csrf),
        );
        let kind = MessageKind::NotAuthorized(NotAuthorizedReason::NoOrganisation);
        let mut page = message(layout, kind);
        page.status = StatusCode::FORBIDDEN;
        return page;
    }
    let mut error = None;
    if request.method() == Method::POST {
        let form = web::form(request);
        if let Err(page) = check_csrf(call, request, &session, &form) {
            return page;
        }
        match field(&form, "organisation").map(|o| PartnerId(o.to_owned())) {
            Some(chosen) if partners.contains(&chosen) => {
                let page = sign_in(call, &session.user, &session.user_name, Some(chosen)).await;
                // The old session (without an organisation) ends either way.
                if let Err(e) = call.portal.edge.store.end(&session.id).await {
                    tracing::error!(correlation_id = %call.correlation_id, error = %e, "session could not be ended");
                }
                return page;
            }
            _ => error = Some("Välj en organisation.".to_owned()),
        }
    }
    let mut organisations = Vec::new();
    for partner in &partners {
        if let Ok(Some(a)) = call.portal.edge.store.agreement(partner).await {
            organisations.push(OrganisationChoice {
                value: partner.0.clone(),
                name: a.name.clone(),
                organisationsnummer: orgnr(&a.organisation.to_string()),
            });
        }
    }
    let view = ChooseOrganisationView {
        layout: Layout::new(
            Some(LoggedIn {
                name: session.user_name.clone(),
                organisation: String::new(),
            }),
            Some(&session.csrf),
        ),
        organisations,
        csrf: session.csrf.clone(),
        error,
    };
    let status = if view.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Page::html(status, views::choose_organisation(&view))
}

/// "Hämta förmånsinformation" (GET, and POST of "Markera alla") and "Visa
/// förmånsinformation" (POST of "Skicka").
async fn query(call: &Call<'_>, request: &Request) -> Page {
    let session = match live(call, request).await {
        Ok(s) => s,
        // A query posted into an ended session is not sent; its period and benefits
        // wait for the next login, so nothing is lost silently (C2).
        Err(page)
            if page.status == StatusCode::UNAUTHORIZED && request.method() == Method::POST =>
        {
            return keep_draft(request, page);
        }
        Err(page) => return page,
    };
    let Some(partner) = session.partner.clone() else {
        return Page::redirect(paths::CHOOSE_ORGANISATION);
    };
    let edge = &call.portal.edge;
    let agreement = match edge.store.agreement(&partner).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            let kind = MessageKind::NotAuthorized(NotAuthorizedReason::NoAgreement);
            let mut page = message(Layout::anonymous(), kind);
            page.status = StatusCode::FORBIDDEN;
            return page;
        }
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
            return error_page(call);
        }
    };
    let layout = Layout::new(
        Some(LoggedIn {
            name: session.user_name.clone(),
            organisation: agreement.name.clone(),
        }),
        Some(&session.csrf),
    );
    let blank = FormView::new(layout.clone(), &agreement.portal_choices(), &session.csrf)
        .requiring(&agreement.required_purpose);
    if request.method() == Method::GET {
        let (form, restored) = match Draft::of(request) {
            Some(d) => (
                blank
                    .with_input("", &d.fran, &d.till, &d.formaner)
                    .with_message(GeneralMessage::draft_restored()),
                true,
            ),
            None => (blank, false),
        };
        let form = match portal::opening(edge) {
            Ok(()) => form,
            Err(closed) => form.with_message(GeneralMessage::closed(closed.next_opening)),
        };
        let page = Page::html(StatusCode::OK, views::query_form(&form));
        return if restored {
            page.with_cookie(set_cookie(DRAFT_COOKIE, None, "Strict"))
        } else {
            page
        };
    }

    let fields = web::form(request);
    if let Err(page) = check_csrf(call, request, &session, &fields) {
        return page;
    }
    let text = |name| field(&fields, name).unwrap_or("").trim().to_owned();
    let (pnr, from, to) = (text("personnummer"), text("fran"), text("till"));
    let ticked: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "formaner")
        .map(|(_, v)| v.clone())
        .collect();
    // A4: the additive fields, as typed (the rules trim and judge them).
    let typed = |name| field(&fields, name).map(str::to_owned);
    let purpose = Purpose::new(
        typed(Field::Purpose.id()),
        typed(Field::LegalBasis.id()),
        typed(Field::CaseReference.id()),
    );
    let form = blank
        .with_input(&pnr, &from, &to, &ticked)
        .with_purpose(purpose.clone());
    if field(&fields, "atgard") == Some("markera-alla") {
        return Page::html(StatusCode::OK, views::query_form(&form.tick_all()));
    }
    let codes: Vec<&str> = ticked.iter().map(String::as_str).collect();
    let mut raw = RawQuery::of_benefits(&pnr, &from, &to, &codes);
    raw.purpose = purpose;
    let reply = portal::query(
        edge,
        PortalQuery {
            correlation_id: call.correlation_id.to_owned(),
            user: session.user.clone(),
            partner,
            query: raw,
        },
    )
    .await;
    match reply {
        Ok(answer) => {
            let today = stockholm_date(call.now);
            let context = AnswerContext {
                layout,
                queried_personnummer: Personnummer::parse(&pnr, today)
                    .map(|p| p.expose().to_owned())
                    .unwrap_or(pnr),
                from,
                to,
                asked_at: call.now,
                asked: ticked
                    .iter()
                    .filter_map(|c| Benefit::from_code(c).ok())
                    .collect(),
            };
            let view = views::answer_view(&answer, context);
            Page::html(StatusCode::OK, views::answer(&view))
        }
        Err(problem) => {
            let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::BAD_REQUEST);
            let form = with_problem(form, &problem, call.correlation_id);
            Page::html(status, views::query_form(&form))
        }
    }
}

/// The `till` of a login that ends at the person's own lookups.
const OWN_LOOKUPS_TARGET: &str = "vem-har-hamtat";

/// The sealed login cookie: the provider's pending login, and where it ends.
#[derive(serde::Serialize, serde::Deserialize)]
struct LoginCookie {
    #[serde(flatten)]
    pending: Pending,
    /// A5: the login was started from "Vem har hämtat uppgifter om mig?".
    #[serde(default)]
    own_lookups: bool,
}

/// "Vem har hämtat uppgifter om mig?" (A5): the logged-in person's own lookups, with
/// or without an organisation. The view is audited before it is shown (fail closed).
async fn own_lookups(call: &Call<'_>, request: &Request) -> Page {
    let session = match visitor(call, request).await {
        Ok(Visitor::Anonymous) => return Page::redirect(paths::OWN_LOOKUPS_LOGIN),
        Ok(_) => match live(call, request).await {
            Ok(s) => s,
            Err(page) => return page,
        },
        Err(page) => return page,
    };
    let edge = &call.portal.edge;
    let lookups = match own::lookups(edge.store.as_ref(), &edge.protector, &session.user.hash).await
    {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "the audit could not be read");
            return error_page(call);
        }
    };
    let record = own::view_record(call.correlation_id, call.now, &session.user);
    if let Err(e) = edge.store.append(&record).await {
        tracing::error!(correlation_id = %call.correlation_id, error = %e, "the view could not be audited");
        return error_page(call);
    }
    let organisation = match &session.partner {
        Some(p) => edge
            .store
            .agreement(p)
            .await
            .ok()
            .flatten()
            .map(|a| a.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let view = views::OwnLookupsView {
        layout: Layout::new(
            Some(LoggedIn {
                name: session.user_name.clone(),
                organisation,
            }),
            Some(&session.csrf),
        ),
        lookups,
        has_organisation: session.partner.is_some(),
    };
    Page::html(StatusCode::OK, views::own_lookups(&view))
}

/// What a query posted into an ended session keeps for the next login: the period and
/// the benefits, never the personnummer (no person data outside a login). In a cookie
/// of its own (`__Host-`, Strict), hex of JSON; the form takes only the agreement's
/// benefits from it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Draft {
    fran: String,
    till: String,
    formaner: Vec<String>,
}

/// The draft cookie's longest value; a larger draft is not kept.
const DRAFT_MAX: usize = 2048;

impl Draft {
    fn of(request: &Request) -> Option<Self> {
        let value = cookie(request, DRAFT_COOKIE).filter(|v| v.len() <= DRAFT_MAX)?;
        serde_json::from_slice(&hex::decode(value).ok()?).ok()
    }
}

/// The "session has ended" page for a posted query, with its draft kept.
fn keep_draft(request: &Request, expired: Page) -> Page {
    let fields = web::form(request);
    let text = |name| field(&fields, name).unwrap_or("").trim().to_owned();
    let draft = Draft {
        fran: text("fran"),
        till: text("till"),
        formaner: fields
            .iter()
            .filter(|(n, _)| n == "formaner")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let value = serde_json::to_vec(&draft)
        .map(hex::encode)
        .unwrap_or_default();
    if value.is_empty() || value.len() > DRAFT_MAX {
        return expired;
    }
    let kind = MessageKind::SessionExpired { draft_kept: true };
    let mut page = message(Layout::anonymous(), kind);
    page.status = StatusCode::UNAUTHORIZED;
    page.with_cookie(set_cookie(SESSION_COOKIE, None, "Strict"))
        .with_cookie(set_cookie(DRAFT_COOKIE, Some(&value), "Strict"))
}

/// A problem on the form: each rule's error at its field (V9), anything else above it.
fn with_problem(mut form: FormView, problem: &Problem, correlation_id: &str) -> FormView {
    if !problem.fel.is_empty() {
        for fel in &problem.fel {
            let code = ViolationCode::ALL.iter().find(|c| c.as_str() == fel.kod);
            let message = code.map_or("Uppgiften är felaktig.", |c| c.message_sv());
            match form_field(&fel.falt) {
                Some(field) => form.errors.push(FieldError {
                    field,
                    code: fel.kod.clone(),
                    message: message.to_owned(),
                }),
                None => {
                    form.general = Some(GeneralMessage {
                        heading: "Frågan kunde inte tas emot".to_owned(),
                        text: message.to_owned(),
                        code: Some(fel.kod.clone()),
                        reference: Some(correlation_id.to_owned()),
                    });
                }
            }
        }
        return form;
    }
    let message = match problem.status {
        503 if problem.kod == lefi_contract::codes::TEMPORARILY_UNAVAILABLE => {
            GeneralMessage::unavailable(correlation_id)
        }
        503 => GeneralMessage::closed(problem.next_opening),
        429 => GeneralMessage::rate_limited(problem.retry_after_s),
        403 => GeneralMessage::not_authorized(),
        _ => GeneralMessage::internal(correlation_id),
    };
    form.with_message(message)
}

/// The form field of a v9 field name the workflow reports (`period.from`,
/// `ansprak[2]`): the checkboxes for any code of any list.
fn form_field(v9: &str) -> Option<Field> {
    match v9 {
        "personnummer" => Some(Field::Personnummer),
        "period.from" | "period" => Some(Field::From),
        "period.tom" => Some(Field::To),
        "syfte" => Some(Field::Purpose),
        "rattsligGrund" => Some(Field::LegalBasis),
        "arendereferens" => Some(Field::CaseReference),
        "$" => None,
        _ => Some(Field::Benefits),
    }
}

/// "Logga ut": the session ends here, the browser is told to forget it, and the
/// provider's login ends too where the provider has a logout endpoint (Cognito's), which
/// sends the browser back to "Du är utloggad".
async fn logout(call: &Call<'_>, request: &Request) -> Page {
    let oidc = &call.portal.oidc;
    let back = format!("{}{LOGGED_OUT}", call.portal.origin);
    let logged_out = || {
        Page::redirect(
            oidc.logout_url(&back)
                .unwrap_or_else(|| LOGGED_OUT.to_owned()),
        )
        .with_cookie(set_cookie(SESSION_COOKIE, None, "Strict"))
    };
    let session = match live(call, request).await {
        Ok(s) => s,
        // Already over: logged out all the same.
        Err(_) => return logged_out(),
    };
    let form = web::form(request);
    if let Err(page) = check_csrf(call, request, &session, &form) {
        return page;
    }
    if let Err(e) = call.portal.edge.store.end(&session.id).await {
        tracing::error!(correlation_id = %call.correlation_id, error = %e, "session could not be ended");
        return error_page(call);
    }
    logged_out()
}

/// The live session, or the page for its absence: to the start page without one, the
/// "session has ended" page for one that ended (its form content was not sent).
async fn live(call: &Call<'_>, request: &Request) -> Result<Session, Page> {
    match visitor(call, request).await? {
        Visitor::Live(session) => Ok(session),
        Visitor::Anonymous => Err(Page::redirect(paths::START)),
        Visitor::Expired => {
            let kind = MessageKind::SessionExpired { draft_kept: false };
            let mut page = message(Layout::anonymous(), kind);
            page.status = StatusCode::UNAUTHORIZED;
            Err(page.with_cookie(set_cookie(SESSION_COOKIE, None, "Strict")))
        }
    }
}

async fn visitor(call: &Call<'_>, request: &Request) -> Result<Visitor, Page> {
    let Some(id) = cookie(request, SESSION_COOKIE).filter(|id| !id.is_empty()) else {
        return Ok(Visitor::Anonymous);
    };
    let store = &call.portal.edge.store;
    match store.touch(&session_key(call, id), call.now).await {
        Ok(Some(session)) if session.outlived(call.now) => {
            if let Err(e) = store.end(&session.id).await {
                tracing::error!(correlation_id = %call.correlation_id, error = %e, "session could not be ended");
            }
            Ok(Visitor::Expired)
        }
        Ok(Some(session)) => Ok(Visitor::Live(session)),
        Ok(None) => Ok(Visitor::Expired),
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "sessions unavailable");
            Err(error_page(call))
        }
    }
}

/// Every POST carries the session's token, and comes from the portal's own pages.
fn check_csrf(
    call: &Call<'_>,
    request: &Request,
    session: &Session,
    form: &[(String, String)],
) -> Result<(), Page> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let same_origin = header("origin").is_none_or(|o| o == call.portal.origin)
        && header("sec-fetch-site").is_none_or(|s| s == "same-origin" || s == "none");
    let token = field(form, "csrf").unwrap_or("");
    if same_origin && oidc::constant_time_eq(token.as_bytes(), session.csrf.as_bytes()) {
        return Ok(());
    }
    tracing::warn!(correlation_id = %call.correlation_id, "a form without the session's token was refused");
    let mut page = error_page(call);
    page.status = StatusCode::FORBIDDEN;
    Err(page)
}

/// The organisations a person may act for.
async fn partners_of(call: &Call<'_>, user: &PersonRef) -> Result<Vec<PartnerId>, Page> {
    match call.portal.edge.store.portal_user(&user.hash).await {
        Ok(found) => Ok(found
            .map(|u| u.partners.into_iter().collect())
            .unwrap_or_default()),
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
            Err(error_page(call))
        }
    }
}

/// The store's key of a session: a keyed digest of the cookie's id, so the table
/// holds nothing a browser could present.
fn session_key(call: &Call<'_>, id: &str) -> String {
    call.portal
        .edge
        .protector
        .digest("portal-session", id.as_bytes())
}

/// 32 random bytes, hex.
fn random_token() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 32];
    // The system's generator does not fail on the platforms Lambda runs.
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .unwrap_or_else(|_| unreachable!("the system random generator failed"));
    hex::encode(bytes)
}

/// `2120000142` → `212000-0142`.
fn orgnr(digits: &str) -> String {
    if digits.len() == 10 {
        format!("{}-{}", &digits[..6], &digits[6..])
    } else {
        digits.to_owned()
    }
}

fn message(layout: Layout, kind: MessageKind) -> Page {
    Page::html(
        StatusCode::OK,
        views::message(&MessageView::new(layout, kind)),
    )
}

fn error_page(call: &Call<'_>) -> Page {
    let kind = MessageKind::Error {
        correlation_id: call.correlation_id.to_owned(),
    };
    let mut page = message(Layout::anonymous(), kind);
    page.status = StatusCode::INTERNAL_SERVER_ERROR;
    page
}

/// After the provider's cross-site redirect a `SameSite=Strict` cookie is not sent on
/// the next redirect of the same navigation: this page, on the portal's own site, goes
/// on at once (and has a link for a browser that does not follow the refresh).
fn continue_to(path: &'static str) -> Page {
    let body = format!(
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"refresh\" content=\"0; url={path}\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Inloggad – LEFI Online</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
<body><main id=\"innehall\"><h1>Du är inloggad</h1>\
<p><a href=\"{path}\">Fortsätt till LEFI Online</a></p></main></body></html>",
        css = paths::CSS
    );
    Page::html(StatusCode::OK, body)
}
