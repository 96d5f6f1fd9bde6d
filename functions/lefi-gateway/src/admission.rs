//! Admission (P1, P2, O4): who is calling, for which partner, under which agreement, and
//! whether the service is open. Each check ends in its [`Stop`] or lets the request on.

use chrono::{DateTime, Utc};
use lefi_domain::Agreement;
use lefi_domain::tz::stockholm_date;
use lefi_store::{Caller, PartnerId};

use crate::outcome::{Port, Stop};
use crate::{Call, Gateway};

/// P2: the caller behind the certificate.
pub(crate) async fn identify(gw: &Gateway, call: &Call) -> Result<Caller, Stop> {
    let certificate = call
        .certificate
        .as_ref()
        .map_err(|e| Stop::NoCertificate(e.clone()))?;
    for key in &certificate.keys {
        match gw.store.caller_by_certificate(key).await {
            Ok(Some(caller)) => return Ok(caller),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
                return Err(Stop::StoreUnavailable {
                    partner: None,
                    asked: None,
                    port: Port::Directory,
                });
            }
        }
    }
    Err(Stop::UnknownCertificate)
}

/// P2: the partner the request is for — named by the path (v9) or the document (XML,
/// SSEK), or, when neither names one, the only partner the caller acts for.
pub(crate) fn represent(caller: &Caller, named: Option<&str>) -> Result<PartnerId, Stop> {
    let partner = match named {
        Some(a) => PartnerId(a.to_owned()),
        None => match caller.represents.iter().collect::<Vec<_>>()[..] {
            [only] => only.clone(),
            _ => return Err(Stop::PartnerNotNamed),
        },
    };
    if caller.represents.contains(&partner) {
        Ok(partner)
    } else {
        Err(Stop::NotRepresented { named: partner })
    }
}

/// P1: the partner's agreement. Whether it covers this query (validity, channel,
/// benefits) the workflow decides, except for `tillgangligaInformationstyper` ([`valid`]).
pub(crate) async fn agreement_of(
    gw: &Gateway,
    call: &Call,
    partner: &PartnerId,
) -> Result<Agreement, Stop> {
    match gw.store.agreement(partner).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(Stop::NoAgreement {
            partner: partner.clone(),
        }),
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
            Err(Stop::StoreUnavailable {
                partner: Some(partner.clone()),
                asked: None,
                port: Port::Directory,
            })
        }
    }
}

/// P1 for a request the workflow does not see: valid today, for system-to-system.
pub(crate) fn valid(call: &Call, partner: &PartnerId, agreement: &Agreement) -> Result<(), Stop> {
    agreement
        .check(stockholm_date(call.now), lefi_domain::Channel::System)
        .map_err(|r| Stop::AgreementNotValid {
            partner: partner.clone(),
            reason: r.to_string(),
        })
}

/// O4: `SERVICE_CLOSED` with the next opening, unless enforcement is off.
pub(crate) fn check_open(gw: &Gateway, call: &Call, partner: &PartnerId) -> Result<(), Stop> {
    match closed(gw, call.now) {
        None => Ok(()),
        Some((reason, next_opening)) => Err(Stop::Closed {
            partner: partner.clone(),
            reason,
            next_opening,
        }),
    }
}

/// O4: why the service is closed at `now` and when it opens next; `None` when open or
/// not enforced.
pub(crate) fn closed(gw: &Gateway, now: DateTime<Utc>) -> Option<(String, Option<DateTime<Utc>>)> {
    if !gw.config.enforce_opening_hours {
        return None;
    }
    let closed = gw.config.opening.check(now).err()?;
    Some((closed.to_string(), gw.config.opening.next_opening(now)))
}

/// P1 for a portal login: the agreement is valid today and includes the portal.
pub(crate) fn valid_for_portal(
    call: &Call,
    partner: &PartnerId,
    agreement: &Agreement,
) -> Result<(), Stop> {
    agreement
        .check(stockholm_date(call.now), lefi_domain::Channel::Portal)
        .map_err(|r| Stop::AgreementNotValid {
            partner: partner.clone(),
            reason: r.to_string(),
        })
}
