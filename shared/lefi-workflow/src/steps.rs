//! The workflow's steps as ordinary async functions over injected ports. Each Lambda
//! function (and the local runner) is a thin shell around one of them.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use lefi_contract::answer::{Answer, Personnummerbyte, Personstatus};
use lefi_contract::history::{AvailableFrom, apply_windows};
use lefi_contract::v9::plan::retain_parts;
use lefi_contract::v9::{
    ExternFormansinformationAvvikelser, ExternFormansinformationSvar, Formansinformation,
    Tillstand, TillstandKod, Uppgifter, Utlamnare, UtlamnareKod, UtlamnareTillstand,
};
use lefi_domain::agreement::Channel;
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Benefit, Deviation, PeriodLimit, Personnummer, QueryPeriod, Show, Source};
use lefi_registry::{PersonAnswer, Registries, RegistryError};
use lefi_store::{AuditRecord, Outcome, Protector, Store, StoreError};

use crate::budget::Deadline;
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
    #[error("frågans tidsbudget är slut")]
    Budget,
}

impl StepError {
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::Input(_) => error_names::STEP_INPUT,
            Self::Registry(e) => e.error_type(),
            Self::Audit(_) => error_names::AUDIT_FAILED,
            Self::Budget => error_names::BUDGET,
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

/// LookupPerson (§3 steps 2–4), within the query's budget.
pub async fn lookup_person(
    registries: &dyn Registries,
    personnummer: &str,
    deadline: &Deadline,
) -> Result<PersonAnswer, StepError> {
    // Validate has judged the number against today already.
    let number = Personnummer::parse_canonical(personnummer)
        .map_err(|_| StepError::Input("personnumret är ogiltigt".into()))?;
    deadline
        .call("person", || registries.lookup_person(&number))
        .await
}

/// FetchBenefit (§3 step 5): one benefit, every customer id of the person, merged — and,
/// with the item's scope, cut at once to what the query may show ([`shown`]). Only that
/// enters the workflow's state: a registry's whole history can be far larger than an
/// answer (half a megabyte for a parent of several children, against Step Functions'
/// 256 KiB for a state), and none of the rest could ever be shown. Compile applies the
/// same cut again and stays the one place the answer is made. Every call is within the
/// query's budget ([`Deadline::call`]).
pub async fn fetch_benefit(
    registries: &dyn Registries,
    item: &FetchItem,
    deadline: &Deadline,
) -> Result<Fetched, StepError> {
    let mut merged = Uppgifter::default();
    for customer_id in &item.customer_ids {
        merged.merge(
            deadline
                .call(item.benefit.code(), || {
                    registries.fetch(item.benefit, customer_id)
                })
                .await?,
        );
    }
    let data = match &item.scope {
        None => merged,
        Some(scope) => {
            let period = period_of(scope.from, scope.to, scope.today)?;
            match scope.plan.show.get(&item.benefit) {
                Some(show) => {
                    let (data, _) = shown(
                        item.benefit,
                        merged,
                        scope.birth_year,
                        &period,
                        scope.today,
                        show,
                    );
                    data
                }
                // Not in the plan: nothing of it may be shown (P3).
                None => Uppgifter::default(),
            }
        }
    };
    Ok(Fetched {
        benefit: item.benefit,
        data: Some(data),
        failed: false,
        error: None,
    })
}

/// The query's period as Validate judged it (no length limit here: Validate applied the
/// agreement's).
fn period_of(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<QueryPeriod, StepError> {
    QueryPeriod::new(from, to, today, PeriodLimit::months(1200))
        .map_err(|_| StepError::Input("perioden är ogiltig".into()))
}

/// What one benefit's registry data may show in this query: through its history windows
/// (H1–H11), its payments from the plan's first day (H2), only the parts the plan allows
/// (P3); and the "data available from" dates. Applying it twice gives the same.
fn shown(
    benefit: Benefit,
    registry: Uppgifter,
    birth_year: i32,
    period: &QueryPeriod,
    today: NaiveDate,
    show: &Show,
) -> (Uppgifter, AvailableFrom) {
    let payments_from = show.payments_from(benefit, today);
    let (mut shown, from) =
        apply_windows(benefit, registry, birth_year, period, today, payments_from);
    retain_parts(&mut shown, &show.parts);
    (shown, from)
}

/// Compile (§3 step 6): shows of each benefit only what the plan allows (P3), in its
/// history windows (H1–H11), S1, the deviations (`OBEHORIG`, `INTERNT_FEL`), each source's
/// state, and our additive fields: the typed answer every channel renders.
pub fn compile(state: &State) -> Result<Compiled, StepError> {
    let Some(Validation::Valid {
        personnummer,
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
    let period = period_of(*from, *to, *today)?;
    let person = state
        .person
        .as_ref()
        .ok_or_else(|| StepError::Input("Compile utan personuppgifter".into()))?;
    let fetched = state.data.fetched.as_deref().unwrap_or_default();

    let mut answer = Answer::default();
    // `formansinformation` is always there, empty when there is nothing (as before).
    let mut data = Uppgifter {
        formansinformation: Some(Formansinformation::default()),
        ..Uppgifter::default()
    };
    let mut delivered = Vec::new();
    let mut failed = Vec::new();
    let mut deviations = plan.deviations.clone();
    match person {
        PersonAnswer::Found {
            person,
            current_number,
            number_changed,
            ..
        } => {
            let mut person = (**person).clone();
            if person.skyddad == Some(true) {
                // S1: the answer only says that the identity is protected.
                person.adress = None;
                person.folkbokford = None;
            }
            data.formansinformation = Some(Formansinformation {
                generell_personinformation: Some(vec![person]),
                ..Formansinformation::default()
            });
            if *number_changed {
                answer.personnummerbyte = Some(Personnummerbyte {
                    fragat_personnummer: personnummer.clone(),
                    aktuellt_personnummer: current_number.clone(),
                });
            }
        }
        PersonAnswer::NotFound => answer.personstatus = Some(Personstatus::PersonNotFound),
    }
    for f in fetched {
        // P3: only what the one authorization allowed, whatever a registry sent.
        let Some(show) = plan.show.get(&f.benefit) else {
            continue;
        };
        let Some(registry) = f.data.clone().filter(|_| !f.failed) else {
            failed.push(f.benefit);
            deviations.extend(plan.failed(f.benefit));
            continue;
        };
        let payments_from = show.payments_from(f.benefit, *today);
        let (shown, from) = shown(f.benefit, registry, *birth_year, &period, *today, show);
        data.merge(shown);
        let code = f.benefit.code().to_owned();
        let fran = &mut answer.uppgifter_fran_och_med;
        if let Some(date) = from.uppgifter.filter(|_| !show.parts.is_empty()) {
            fran.uppgifter.insert(code.clone(), date);
        }
        if let Some(date) = from.utbetalningar.filter(|_| payments_from.is_some()) {
            fran.utbetalningar.insert(code, date);
        }
        delivered.extend(
            show.asked_as(f.benefit)
                .into_iter()
                .map(|(list, code)| format!("{}/{code}", list.name())),
        );
    }

    answer.v9 = ExternFormansinformationSvar {
        utlamnare: Some(utlamnare(fetched, &deviations)),
        avvikelser: Some(ExternFormansinformationAvvikelser::of(&deviations)),
        uppgifter: data,
    };
    Ok(Compiled {
        answer,
        delivered,
        failed,
    })
}

/// Per source (`utlamnare`): `OK`, `FELANDE` when some of its registries failed,
/// `OTILLGANGLIG` when none answered. Person data is Försäkringskassan's; a source is
/// concerned when the query fetched from it or asked for one of its codes.
fn utlamnare(fetched: &[Fetched], deviations: &[Deviation]) -> Vec<UtlamnareTillstand> {
    let mut sources: BTreeSet<Source> = [Source::Fk].into();
    sources.extend(fetched.iter().map(|f| f.benefit.source()));
    if deviations.iter().any(|d| d.code.starts_with("PM:")) {
        sources.insert(Source::Pm);
    }
    sources
        .into_iter()
        .map(|source| {
            let mine = fetched.iter().filter(|f| f.benefit.source() == source);
            let (all, failed) =
                mine.fold((0, 0), |(n, bad), f| (n + 1, bad + usize::from(f.failed)));
            let (kod, beskrivning) = match failed {
                0 => (TillstandKod::Ok, "Tillgänglig"),
                n if n == all => (TillstandKod::Otillganglig, "Otillgänglig"),
                _ => (TillstandKod::Felande, "Felande"),
            };
            UtlamnareTillstand {
                utlamnare: Some(Utlamnare {
                    kod: Some(match source {
                        Source::Fk => UtlamnareKod::Fk,
                        Source::Pm => UtlamnareKod::Pm,
                    }),
                    namn: Some(source.name_sv().to_owned()),
                }),
                tillstand: Some(Tillstand {
                    kod: Some(kod),
                    beskrivning: Some(beskrivning.to_owned()),
                }),
            }
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
    // A failed lookup, or an answer that could not be made (too large for the state, or
    // Compile failed): a failed query, audited, not metered; no data leaves.
    let failed = state.lookup_error.as_ref().or(state.data_error.as_ref());
    let (outcome, audit_outcome) = match (&state.validation, failed, &state.person) {
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
            // The person register could not answer (SPEC §3 step 5): 503, try again
            // later. An input a step could not read, and every data error, is ours: 500.
            if state.lookup_error.is_some() && err.error != error_names::STEP_INPUT {
                QueryOutcome::Unavailable
            } else {
                QueryOutcome::Failed
            },
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
    let compiled = state.data.compiled.as_ref();
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
        user: input.user.clone(),
        purpose: protector.seal_purpose(&input.query.purpose, &input.correlation_id),
    };
    match store.append(&record).await {
        Ok(()) => {}
        // A retried Audit step finds its own record: that is success, not a forgery.
        Err(StoreError::AlreadyExists)
            if same_record(
                store.get(&record.id).await.ok().flatten(),
                &record,
                protector,
            ) => {}
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
        error: failed.map(|e| e.error.clone()),
    })
}

/// Whether a stored audit record is the one we meant to write. The sealed number differs
/// between two sealings of the same number (fresh nonce), so it is compared by hash.
fn same_record(stored: Option<AuditRecord>, ours: &AuditRecord, protector: &Protector) -> bool {
    let unsealed = |mut r: AuditRecord| {
        if let Some(s) = r.subject.as_mut() {
            s.sealed.clear();
        }
        // Sealed with a fresh nonce too: compared by what it opens to.
        r.purpose = r
            .purpose
            .take()
            .map(|p| match protector.open_purpose(&p, &r.id) {
                Ok(words) => serde_json::to_string(&words).unwrap_or_default(),
                Err(_) => String::new(),
            });
        r
    };
    stored.map(unsealed) == Some(unsealed(ours.clone()))
}
