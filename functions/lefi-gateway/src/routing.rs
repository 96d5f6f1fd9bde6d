//! Routing (C1): method and path decide whether a request is for a partner endpoint —
//! then it goes through the pipeline and the audit — or is answered from method and path
//! alone: the public documents (OpenAPI, XSD, WSDL, health) and unknown paths or methods
//! (404, 405). Those read no certificate, no body and name no one, so they are not
//! audited (docs/rules.md, "What is audited").

use lambda_http::Request;

use crate::reply::{Problem, Rendered};
use crate::shs::{Filters, MailboxRequest};
use crate::{
    OPENAPI_PATH, SHS_DS_PREFIX, SHS_RS_PATH, SSEK_PATH, SSEK_XSD_PATH, V9_PREFIX, XML_PATH,
    XSD_PATH,
};

/// A partner endpoint: what the pipeline serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST …/aktorer/{aktorsId}/formansinformation/fraga`.
    V9Query { aktor: String },
    /// `POST /lefi-xml/v1/fraga`.
    XmlQuery,
    /// `POST /ssek/v1/lefi`.
    SsekQuery,
    /// `POST /shs/rs`: an SHS message to the reception service.
    ShsReception,
    /// `/shs/ds/…`: the delivery service, a partner's mailbox.
    ShsMailbox(MailboxRequest),
    /// `GET …/aktorer/{aktorsId}/tillgangligaInformationstyper`.
    Available { aktor: String },
}

/// Where a request goes.
#[derive(Debug)]
pub enum Route {
    Partner(Endpoint),
    /// The same for everyone; says nothing about partners or people.
    Public(Rendered),
    /// No such path, or a method the path does not serve.
    Unrouted(Problem),
}

/// `public_url`: where partners reach this edge (the WSDL's endpoint address).
pub fn route(request: &Request, public_url: &str) -> Route {
    let method = request.method().as_str();
    let path = request.uri().path();
    let only = |wanted: &'static str, route: Route| {
        if method == wanted {
            route
        } else {
            Route::Unrouted(Problem::method_not_allowed(wanted))
        }
    };
    if let Some(rest) = path.strip_prefix(V9_PREFIX) {
        let mut parts = rest.split('/');
        let (Some(aktor), Some(a), b, None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Route::Unrouted(Problem::not_found());
        };
        if aktor.is_empty() {
            return Route::Unrouted(Problem::not_found());
        }
        let aktor = aktor.to_owned();
        return match (a, b) {
            ("formansinformation", Some("fraga")) => {
                only("POST", Route::Partner(Endpoint::V9Query { aktor }))
            }
            ("tillgangligaInformationstyper", None) => {
                only("GET", Route::Partner(Endpoint::Available { aktor }))
            }
            _ => Route::Unrouted(Problem::not_found()),
        };
    }
    if let Some(rest) = path.strip_prefix(SHS_DS_PREFIX) {
        return mailbox_route(method, rest, request.uri().query());
    }
    let public =
        |content_type: &str, body: String| Route::Public(Rendered::new(200, content_type, body));
    match path {
        XML_PATH => only("POST", Route::Partner(Endpoint::XmlQuery)),
        SSEK_PATH if method == "GET" && request.uri().query() == Some("wsdl") => {
            public("text/xml; charset=utf-8", wsdl(public_url))
        }
        SSEK_PATH => only("POST", Route::Partner(Endpoint::SsekQuery)),
        SHS_RS_PATH => only("POST", Route::Partner(Endpoint::ShsReception)),
        XSD_PATH | SSEK_XSD_PATH => only(
            "GET",
            public(
                "application/xml; charset=utf-8",
                lefi_contract::xml::XSD.to_owned(),
            ),
        ),
        OPENAPI_PATH => only(
            "GET",
            public(
                "application/yaml; charset=utf-8",
                lefi_contract::OPENAPI.to_owned(),
            ),
        ),
        // For load balancers and monitors.
        "/health" => only(
            "GET",
            public("application/json", r#"{"status":"ok"}"#.into()),
        ),
        _ => Route::Unrouted(Problem::not_found()),
    }
}

/// `GET {address}` lists, `GET {address}/{txId}` fetches, `POST {address}/{txId}
/// ?action=ack` acknowledges.
fn mailbox_route(method: &str, rest: &str, query: Option<&str>) -> Route {
    let mut parts = rest.split('/');
    let (Some(address), tx, None) = (parts.next(), parts.next(), parts.next()) else {
        return Route::Unrouted(Problem::not_found());
    };
    if address.is_empty() || tx == Some("") {
        return Route::Unrouted(Problem::not_found());
    }
    let address = address.to_owned();
    let request = match (method, tx) {
        ("GET", None) => match Filters::parse(query) {
            Ok(filters) => MailboxRequest::List { address, filters },
            Err(name) => {
                return Route::Unrouted(Problem::new(
                    400,
                    crate::reply::codes::INVALID_QUERY,
                    format!("Parametern {name} kan inte läsas."),
                ));
            }
        },
        ("GET", Some(tx)) => MailboxRequest::Fetch {
            address,
            tx_id: tx.to_owned(),
        },
        ("POST", Some(tx)) if query == Some("action=ack") => MailboxRequest::Acknowledge {
            address,
            tx_id: tx.to_owned(),
        },
        ("POST", Some(_)) => {
            return Route::Unrouted(Problem::new(
                400,
                crate::reply::codes::INVALID_QUERY,
                "Ange ?action=ack för att kvittera ett meddelande.",
            ));
        }
        (_, None) => return Route::Unrouted(Problem::method_not_allowed("GET")),
        (_, Some(_)) => return Route::Unrouted(Problem::method_not_allowed("GET, POST")),
    };
    Route::Partner(Endpoint::ShsMailbox(request))
}

/// A path's shape for logs, with the `aktorsId` left out.
pub fn route_name(path: &str) -> &'static str {
    match path.strip_prefix(V9_PREFIX) {
        Some(rest) if rest.ends_with("/formansinformation/fraga") => "v9/fraga",
        Some(rest) if rest.ends_with("/tillgangligaInformationstyper") => {
            "v9/tillgangligaInformationstyper"
        }
        Some(_) => "v9/other",
        None => match path {
            XML_PATH => "xml/fraga",
            SSEK_PATH => "ssek",
            SHS_RS_PATH => "shs/rs",
            p if p.starts_with(SHS_DS_PREFIX) => "shs/ds",
            XSD_PATH | SSEK_XSD_PATH => "xsd",
            OPENAPI_PATH => "openapi",
            "/health" => "health",
            _ => "other",
        },
    }
}

/// The WSDL, naming the SSEK endpoint under the configured public URL.
fn wsdl(public_url: &str) -> String {
    lefi_contract::ssek::WSDL.replace(
        lefi_contract::ssek::WSDL_ADDRESS_PLACEHOLDER,
        &format!("{public_url}{SSEK_PATH}"),
    )
}
