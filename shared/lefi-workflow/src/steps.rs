//! The workflow's steps as ordinary async functions over injected ports. Each Lambda
//! function (and the local runner) is a thin shell around one of them.

use std::collections::BTreeSet;

use chrono::Datelike;
use lefi_contract::history::apply_windows;
use lefi_contract::v9::Formansinformation;
use lefi_domain::agreement::Channel;
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Personnummer, Source};
use lefi_registry::{PersonAnswer, Registries, RegistryError};
use lefi_store::{AuditRecord, Outcome, Protector, Store, StoreError};
use serde_json::{Map, Value, json};

use crate::model::*;

/// A step's failure, with the stable name the ASL matches on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("stegets indata kan inte läsas: {0}")]
    Input(String),
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error("granskningsloggen kunde inte skrivas: {0}")]
    Audit(StoreError),
}

impl StepError {
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::Input(_) => error_names::STEP_INPUT,
            Self::Registry(e) => e.error_type(),
            Self::Audit(_) => error_names::AUDIT_FAILED,
        }
    }
}

/// Validate (§3 step 1): V1–V9 with the agreement's period exceptions, then P1 and P3.
pub fn validate(input: &QueryInput) -> Validation {
    let today = stockholm_date(input.received_at);
    let query = match input.query.validate(today, &input.agreement) {
        Ok(q) => q,
        Err(violations) => {
            return Validation::Invalid {
                violations: violations
                    .into_iter()
                    .map(|v| ViolationOut {
                        code: v.code.as_str().to_owned(),
                        field: v.field.v9_name(),
                    })
                    .collect(),
            };
        }
    };
    let channel = if input.channel.starts_with("portal") {
        Channel::Portal
    } else {
        Channel::System
    };
    if let Err(refusal) = input.agreement.check(today, channel) {
        return Validation::NotAuthorized {
            reason: refusal.to_string(),
        };
    }
    let plan = input.agreement.authorize(&query);
    Validation::Valid {
        personnummer: query.personnummer.expose().to_owned(),
        birth_year: query.personnummer.birth_year(),
        from: query.period.from(),
        to: query.period.to(),
        today,
        fetch: plan.fetch().collect(),
        plan,
    }
}

/// LookupPerson (§3 steps 2–4).
pub async fn lookup_person(
    registries: &dyn Registries,
    personnummer: &str,
) -> Result<PersonAnswer, StepError> {
    // Validate has judged the number against today already.
    let number = Personnummer::parse_canonical(personnummer)
        .map_err(|_| StepError::Input("personnumret är ogiltigt".into()))?;
    Ok(registries.lookup_person(&number).await?)
}

/// FetchBenefit (§3 step 5): one benefit, every customer id of the person, merged.
pub async fn fetch_benefit(
    registries: &dyn Registries,
    item: &FetchItem,
) -> Result<Fetched, StepError> {
    let mut merged = Value::Object(Map::new());
    for customer_id in &item.customer_ids {
        let data = registries.fetch(item.benefit, customer_id).await?;
        merge(&mut merged, to_value(&data)?);
    }
    let data: Formansinformation =
        serde_json::from_value(merged).map_err(|e| StepError::Input(e.to_string()))?;
    Ok(Fetched {
        benefit: item.benefit,
        data: Some(data),
        failed: false,
        error: None,
    })
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, StepError> {
    serde_json::to_value(v).map_err(|e| StepError::Input(e.to_string()))
}

/// Merges answer objects: lists under the same key are concatenated (duplicate customer
/// ids, several benefits' payments); anything else keeps the first value.
fn merge(into: &mut Value, from: Value) {
    let (Value::Object(into), Value::Object(from)) = (into, from) else {
        return;
    };
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more),
            (None, value) => {
                into.insert(key, value);
            }
            _ => {}
        }
    }
}

/// Compile (§3 step 6): shows of each benefit only what the plan allows (P3), in its
/// history windows (H1–H9), S1, deviations (`OBEHORIG`, `INTERNT_FEL`), per-source state,
/// and our additive fields.
pub fn compile(state: &State) -> Result<Compiled, StepError> {
    let Some(Validation::Valid {
        birth_year,
        from,
        to,
        today,
        plan,
        ..
    }) = &state.validation
    else {
        return Err(StepError::Input("Compile utan giltig fråga".into()));
    };
    let period =
        lefi_domain::QueryPeriod::new(*from, *to, *today, lefi_domain::PeriodLimit::months(1200))
            .map_err(|_| StepError::Input("perioden är ogiltig".into()))?;
    let person = state
        .person
        .as_ref()
        .ok_or_else(|| StepError::Input("Compile utan personuppgifter".into()))?;
    let fetched = state.fetched.clone().unwrap_or_default();

    let mut formansinformation = Value::Object(Map::new());
    let mut available_from = Map::new();
    let mut delivered = Vec::new();
    let mut failed = Vec::new();
    let mut deviations = plan.deviations.clone();
    if let PersonAnswer::Found { person, .. } = person {
        let mut person = (**person).clone();
        if person.skyddad == Some(true) {
            // S1: the answer only says that the identity is protected.
            person.adress = None;
            person.folkbokford = None;
        }
        merge(
            &mut formansinformation,
            json!({ "generellPersoninformation": [to_value(&person)?] }),
        );
    }
    for f in &fetched {
        // P3: only what the one authorization allowed, even if a registry sent more.
        let Some(show) = plan.show.get(&f.benefit) else {
            continue;
        };
        match (&f.data, f.failed) {
            (Some(data), false) => {
                let (mut data, from) =
                    apply_windows(f.benefit, data.clone(), *birth_year, &period, *today);
                let payments_from = show.payments_from(f.benefit, *today);
                data.utbetalningsuppgift = data.utbetalningsuppgift.and_then(|paid| {
                    let from = payments_from?;
                    let kept: Vec<_> = paid
                        .into_iter()
                        .filter(|p| p.datum.is_some_and(|d| d >= from))
                        .collect();
                    (!kept.is_empty()).then_some(kept)
                });
                let mut data = to_value(&data)?;
                if show.parts.is_empty()
                    && let Value::Object(keys) = &mut data
                {
                    for key in f.benefit.answer_keys() {
                        keys.remove(*key);
                    }
                }
                merge(&mut formansinformation, data);
                if let Some(date) = from {
                    available_from.insert(f.benefit.code().to_owned(), json!(date));
                }
                delivered.extend(
                    show.asked_as(f.benefit)
                        .into_iter()
                        .map(|(list, code)| format!("{}/{code}", list.name())),
                );
            }
            _ => {
                failed.push(f.benefit);
                deviations.extend(plan.failed(f.benefit));
            }
        }
    }

    let avvikelser = lefi_contract::v9::ExternFormansinformationAvvikelser::of(&deviations);
    let mut answer = json!({
        "utlamnare": utlamnare(&fetched, &deviations),
        "avvikelser": to_value(&avvikelser)?,
        "formansinformation": formansinformation,
    });
    let extra = answer
        .as_object_mut()
        .ok_or_else(|| StepError::Input("internt".into()))?;
    match person {
        PersonAnswer::NotFound => {
            extra.insert("personstatus".into(), json!("PERSON_NOT_FOUND"));
        }
        PersonAnswer::Found {
            current_number,
            number_changed,
            ..
        } => {
            if *number_changed
                && let Some(Validation::Valid { personnummer, .. }) = &state.validation
            {
                extra.insert(
                    "personnummerbyte".into(),
                    json!({ "fragatPersonnummer": personnummer, "aktuelltPersonnummer": current_number }),
                );
            }
        }
    }
    if !available_from.is_empty() {
        extra.insert("uppgifterFranOchMed".into(), Value::Object(available_from));
    }
    Ok(Compiled {
        answer,
        delivered,
        failed,
    })
}

/// Per source (`utlamnare`): `OK`, `FELANDE` when some of its registries failed,
/// `OTILLGANGLIG` when none answered. Person data is Försäkringskassan's; a source is
/// concerned when the query fetched from it or asked for one of its codes.
fn utlamnare(fetched: &[Fetched], deviations: &[lefi_domain::Deviation]) -> Value {
    let mut sources: BTreeSet<Source> = [Source::Fk].into();
    sources.extend(fetched.iter().map(|f| f.benefit.source()));
    if deviations.iter().any(|d| d.code.starts_with("PM:")) {
        sources.insert(Source::Pm);
    }
    sources
        .into_iter()
        .map(|source| {
            let mine: Vec<&Fetched> = fetched
                .iter()
                .filter(|f| f.benefit.source() == source)
                .collect();
            let failed = mine.iter().filter(|f| f.failed).count();
            let (kod, beskrivning) = match failed {
                0 => ("OK", "Tillgänglig"),
                n if n == mine.len() => ("OTILLGANGLIG", "Otillgänglig"),
                _ => ("FELANDE", "Felande"),
            };
            json!({
                "utlamnare": { "kod": source.code(), "namn": source.name_sv() },
                "tillstand": { "kod": kod, "beskrivning": beskrivning },
            })
        })
        .collect()
}

/// Audit (§3 step 7, P4, P5): writes the record and meters an answered query; only then
/// may the answer leave. Any store failure fails the step, and so the query.
pub async fn audit<S: Store + ?Sized>(
    store: &S,
    protector: &Protector,
    state: &State,
) -> Result<WorkflowOutput, StepError> {
    let input = &state.input;
    let (outcome, audit_outcome) = match (&state.validation, &state.lookup_error, &state.person) {
        (Some(Validation::Invalid { violations }), _, _) => (
            QueryOutcome::Invalid,
            Outcome::Invalid {
                codes: violations.iter().map(|v| v.code.clone()).collect(),
            },
        ),
        (Some(Validation::NotAuthorized { reason }), _, _) => (
            QueryOutcome::NotAuthorized,
            Outcome::Refused {
                reason: reason.clone(),
            },
        ),
        (_, Some(err), _) => (
            QueryOutcome::Failed,
            Outcome::Failed {
                error: err.error.clone(),
            },
        ),
        (_, _, Some(PersonAnswer::NotFound)) => {
            (QueryOutcome::PersonNotFound, Outcome::PersonNotFound)
        }
        (Some(Validation::Valid { .. }), None, Some(PersonAnswer::Found { .. })) => {
            (QueryOutcome::Answered, Outcome::Answered)
        }
        _ => return Err(StepError::Input("Audit utan utfall".into())),
    };
    let subject = match &state.validation {
        Some(Validation::Valid { personnummer, .. }) => Personnummer::parse_canonical(personnummer)
            .ok()
            .map(|p| protector.protect(&p)),
        _ => None,
    };
    let compiled = state.compiled.as_ref();
    let record = AuditRecord {
        id: input.correlation_id.clone(),
        at: input.received_at,
        partner: Some(input.partner.clone()),
        caller: input.caller.clone(),
        channel: input.channel.clone(),
        subject,
        asked: input.query.audit_codes(),
        delivered: compiled.map(|c| c.delivered.clone()).unwrap_or_default(),
        outcome: audit_outcome,
        correlation_id: input.correlation_id.clone(),
    };
    match store.append(&record).await {
        Ok(()) => {}
        // A retried Audit step finds its own record: that is success, not a forgery.
        Err(StoreError::AlreadyExists)
            if same_record(store.get(&record.id).await.ok().flatten(), &record) => {}
        Err(e) => return Err(StepError::Audit(e)),
    }
    if matches!(
        outcome,
        QueryOutcome::Answered | QueryOutcome::PersonNotFound
    ) {
        let at = stockholm_date(input.received_at);
        let month = format!("{:04}-{:02}", at.year(), at.month());
        store
            .count(&input.partner, &month)
            .await
            .map_err(StepError::Audit)?;
    }
    Ok(WorkflowOutput {
        correlation_id: input.correlation_id.clone(),
        outcome,
        answer: compiled.map(|c| c.answer.clone()),
        violations: match &state.validation {
            Some(Validation::Invalid { violations }) => violations.clone(),
            _ => Vec::new(),
        },
        reason: match &state.validation {
            Some(Validation::NotAuthorized { reason }) => Some(reason.clone()),
            _ => None,
        },
    })
}

/// Whether a stored audit record is the one we meant to write. The sealed number differs
/// between two sealings of the same number (fresh nonce), so it is compared by hash.
fn same_record(stored: Option<AuditRecord>, ours: &AuditRecord) -> bool {
    let unsealed = |mut r: AuditRecord| {
        if let Some(s) = r.subject.as_mut() {
            s.sealed.clear();
        }
        r
    };
    stored.map(unsealed) == Some(unsealed(ours.clone()))
}
