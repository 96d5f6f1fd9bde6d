//! The workflow's steps as ordinary async functions over injected ports. Each Lambda
//! function (and the local runner) is a thin shell around one of them.

use std::collections::BTreeSet;

use chrono::Datelike;
use lefi_contract::history::apply_windows;
use lefi_contract::v9::Uppgifter;
use lefi_domain::agreement::Channel;
use lefi_domain::catalogue::V9List;
use lefi_domain::history::payments_from;
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Benefit, Personnummer, Source};
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
    let auth = input.agreement.authorize(&query.benefits);
    Validation::Valid {
        personnummer: query.personnummer.expose().to_owned(),
        birth_year: query.personnummer.birth_year(),
        from: query.period.from(),
        to: query.period.to(),
        today,
        fetch: auth.fetch.into_iter().collect(),
        refused: auth.refused.into_iter().collect(),
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
    let mut merged = Uppgifter::default();
    for customer_id in &item.customer_ids {
        merged.merge(registries.fetch(item.benefit, customer_id).await?);
    }
    Ok(Fetched {
        benefit: item.benefit,
        data: Some(merged),
        failed: false,
        error: None,
    })
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, StepError> {
    serde_json::to_value(v).map_err(|e| StepError::Input(e.to_string()))
}

/// Merges answer objects: lists under the same key are concatenated (several benefits'
/// data in one answer); anything else keeps the first value.
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

/// Compile (§3 step 6): history windows (H1–H9), S1, deviations (`OBEHORIG`,
/// `INTERNT_FEL`), per-source state, and our additive fields.
pub fn compile(state: &State) -> Result<Compiled, StepError> {
    let Some(Validation::Valid {
        birth_year,
        from,
        to,
        today,
        refused,
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
    // Pensionsmyndigheten's model: the answer's top-level lists.
    let mut pm = Uppgifter::default();
    let mut available_from = Map::new();
    let mut delivered = Vec::new();
    let mut failed = Vec::new();
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
        match (&f.data, f.failed) {
            (Some(data), false) => {
                let payments = Some(payments_from(f.benefit, *today));
                let (mut data, from) = apply_windows(
                    f.benefit,
                    data.clone(),
                    *birth_year,
                    &period,
                    *today,
                    payments,
                );
                if let Some(fi) = data.formansinformation.take() {
                    merge(&mut formansinformation, to_value(&fi)?);
                }
                pm.merge(data);
                if let Some(date) = from.uppgifter {
                    available_from.insert(f.benefit.code().to_owned(), json!(date));
                }
                delivered.push(f.benefit);
            }
            _ => failed.push(f.benefit),
        }
    }

    let mut answer = json!({
        "utlamnare": utlamnare(&fetched, refused),
        "avvikelser": avvikelser(refused, &failed),
        "formansinformation": formansinformation,
    });
    let extra = answer
        .as_object_mut()
        .ok_or_else(|| StepError::Input("internt".into()))?;
    if let Value::Object(lists) = to_value(&pm)? {
        extra.extend(lists);
    }
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
/// `OTILLGANGLIG` when none answered. Person data is Försäkringskassan's.
fn utlamnare(fetched: &[Fetched], refused: &[Benefit]) -> Value {
    let mut sources: BTreeSet<Source> = [Source::Fk].into();
    sources.extend(fetched.iter().map(|f| f.benefit.source()));
    sources.extend(refused.iter().map(|b| b.source()));
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

/// `avvikelser`, in the list of the v9 query that asked for each benefit.
fn avvikelser(refused: &[Benefit], failed: &[Benefit]) -> Value {
    let mut lists: Map<String, Value> = Map::new();
    let entries = refused
        .iter()
        .map(|b| (b, "OBEHORIG", "Ej behörig enligt avtal"))
        .chain(
            failed
                .iter()
                .map(|b| (b, "INTERNT_FEL", "Internt fel hos utlämnaren")),
        );
    for (benefit, kod, text) in entries {
        let (list, group_key) = match benefit.v9_list() {
            V9List::Formansinformation => ("formansinformation", "formansgrupp"),
            V9List::AnsprakOchBeslut => ("ansprak", "formansgrupp"),
            V9List::OvrigInformation => ("ovrigInformation", "ovrigInformationstyp"),
            V9List::Utbetalningar => ("utbetalningar", "formansgrupp"),
        };
        let entry = json!({
            "avvikelse": { "kod": kod, "beskrivning": text },
            group_key: { "kod": benefit.code(), "beskrivning": benefit.name_sv() },
        });
        if let Value::Array(items) = lists.entry(list).or_insert_with(|| json!([])) {
            items.push(entry);
        }
    }
    Value::Object(lists)
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
        // Codes as sent, bounded: they are the partner's words, never personal data.
        asked: input
            .query
            .benefits
            .iter()
            .take(64)
            .map(|c| c.chars().take(32).collect())
            .collect(),
        delivered: compiled
            .map(|c| c.delivered.iter().map(|b| b.code().to_owned()).collect())
            .unwrap_or_default(),
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
