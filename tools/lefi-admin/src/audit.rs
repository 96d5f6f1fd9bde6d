//! Audit search (A3, search half): by partner and period (and outcome), by correlation
//! id, and by person — the last needs the personnummer keys and is itself audited.
//! Output as a table for people or as JSON lines for tools, with each record's stated
//! purpose, legal basis and case reference (A4) opened for the agency's auditors when
//! the keys are given. A search by partner shows a person only as the first digits of
//! their keyed hash: naming people is `audit person`'s, which leaves its own record.

use chrono::{NaiveDate, TimeDelta};
use lefi_domain::tz::STOCKHOLM;
use lefi_domain::{Personnummer, PurposeField};
use lefi_store::{AuditRecord, Outcome, PartnerId, Protector};
use serde::{Deserialize, Serialize};

use crate::{AdminError, Ctx, Output};

/// The longest period one search covers: a year of days, each one query of the index.
pub const MAX_DAYS: i64 = 366;

/// The outcome kinds, as the records spell them (`kind`).
pub const OUTCOME_KINDS: [&str; 12] = [
    "ANSWERED",
    "PERSON_NOT_FOUND",
    "REFUSED",
    "INVALID",
    "NOT_SERVED",
    "FAILED",
    "REPLAYED",
    "LISTED",
    "SIGNED_IN",
    "OWN_LOOKUPS_VIEWED",
    "AUDIT_PERSON_SEARCHED",
    "CONFIGURED",
];

/// A personnummer given to `audit person`: never shown by `Debug` (commands are
/// logged and sent to the local service).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GivenPnr(pub String);

impl std::fmt::Debug for GivenPnr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GivenPnr(…)")
    }
}

/// The outcome's kind as the record's JSON spells it (`ANSWERED`, `REFUSED`, …).
pub fn kind_of(outcome: &Outcome) -> String {
    serde_json::to_value(outcome)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

/// One record as the search shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub id: String,
    /// Stockholm time, `YYYY-MM-DD HH:MM:SS`.
    pub tid: String,
    pub partner: Option<String>,
    pub anropare: String,
    pub kanal: String,
    pub utfall: String,
    /// The outcome's detail (reason, codes, the first id of a replay), if any.
    pub detalj: Option<String>,
    /// The person as the first 12 hex digits of their keyed hash; the number only in
    /// `audit person`.
    pub person: Option<String>,
    pub efterfragat: Vec<String>,
    pub levererat: Vec<String>,
    pub syfte: Option<String>,
    pub rattslig_grund: Option<String>,
    pub arendereferens: Option<String>,
    /// `true` when the record has a stated purpose that was not opened (no keys).
    pub forseglat: bool,
}

impl Row {
    pub fn of(record: &AuditRecord, protector: Option<&Protector>) -> Row {
        let detail = serde_json::to_value(&record.outcome).ok().and_then(|v| {
            v.as_object().and_then(|o| {
                o.iter()
                    .find(|(k, _)| *k != "kind")
                    .map(|(_, v)| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            })
        });
        let opened = match (&record.purpose, protector) {
            (Some(sealed), Some(p)) => p.open_purpose(sealed, &record.id).ok(),
            _ => None,
        };
        let get = |f| opened.as_ref().and_then(|p| p.get(f).map(str::to_owned));
        Row {
            id: record.id.clone(),
            tid: record
                .at
                .with_timezone(&STOCKHOLM)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            partner: record.partner.as_ref().map(|p| p.0.clone()),
            anropare: record.caller.clone(),
            kanal: record.channel.clone(),
            utfall: kind_of(&record.outcome),
            detalj: detail,
            person: record
                .subject
                .as_ref()
                .map(|s| s.hash.chars().take(12).collect()),
            efterfragat: record.asked.clone(),
            levererat: record.delivered.clone(),
            syfte: get(PurposeField::Purpose),
            rattslig_grund: get(PurposeField::LegalBasis),
            arendereferens: get(PurposeField::CaseReference),
            forseglat: record.purpose.is_some() && opened.is_none(),
        }
    }
}

/// The rows as a table (people) or JSON lines (tools).
pub fn render(rows: &[Row], json: bool) -> String {
    if json {
        return rows
            .iter()
            .filter_map(|r| serde_json::to_string(r).ok())
            .map(|l| l + "\n")
            .collect();
    }
    let header = [
        "tid",
        "id",
        "partner",
        "kanal",
        "utfall",
        "person",
        "levererat",
        "syfte",
        "rättslig grund",
        "ärendereferens",
    ];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            let sealed = |v: &Option<String>| match v {
                Some(t) => t.clone(),
                None if r.forseglat => "(förseglat)".into(),
                None => "–".into(),
            };
            [
                r.tid.clone(),
                r.id.clone(),
                r.partner.clone().unwrap_or_else(|| "–".into()),
                r.kanal.clone(),
                match &r.detalj {
                    Some(d) => format!("{} ({d})", r.utfall),
                    None => r.utfall.clone(),
                },
                r.person.clone().unwrap_or_else(|| "–".into()),
                if r.levererat.is_empty() {
                    "–".into()
                } else {
                    r.levererat.join(" ")
                },
                sealed(&r.syfte),
                sealed(&r.rattslig_grund),
                sealed(&r.arendereferens),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| {
        let mut out = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ");
        out.truncate(out.trim_end().len());
        out + "\n"
    };
    let mut out = line(&header.map(str::to_owned));
    for row in &cells {
        out += &line(row);
    }
    out += &format!("{} poster\n", rows.len());
    out
}

/// `audit search --partner --from --to [--outcome]`: the partner's records of every
/// Stockholm day of the period, oldest first.
pub async fn search(
    ctx: &Ctx,
    partner: &str,
    from: NaiveDate,
    to: NaiveDate,
    outcome: Option<&str>,
    json: bool,
) -> Result<Output, AdminError> {
    if from > to {
        return Err(AdminError::Invalid(
            "från-datumet får inte vara senare än till-datumet".into(),
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AdminError::Invalid(format!(
            "sökperioden får vara högst {MAX_DAYS} dagar"
        )));
    }
    let kind = match outcome {
        None => None,
        Some(k) => {
            let k = k.trim().to_ascii_uppercase().replace('-', "_");
            if !OUTCOME_KINDS.contains(&k.as_str()) {
                return Err(AdminError::Invalid(format!(
                    "okänt utfall «{k}»: ett av {}",
                    OUTCOME_KINDS.join(", ")
                )));
            }
            Some(k)
        }
    };
    let partner = PartnerId(partner.to_owned());
    let mut rows = Vec::new();
    let mut day = from;
    while day <= to {
        for record in ctx.store.by_partner_and_day(&partner, day).await? {
            if kind.as_ref().is_none_or(|k| kind_of(&record.outcome) == *k) {
                rows.push(Row::of(&record, ctx.protector.as_ref()));
            }
        }
        day += TimeDelta::days(1);
    }
    Ok(Output::ok(render(&rows, json)))
}

/// `audit search --correlation-id`: the one record of a request.
pub async fn by_id(ctx: &Ctx, id: &str, json: bool) -> Result<Output, AdminError> {
    match ctx.store.get(id).await? {
        Some(record) => Ok(Output::ok(render(
            &[Row::of(&record, ctx.protector.as_ref())],
            json,
        ))),
        None => Ok(Output::failed(format!("ingen post med id «{id}»\n"))),
    }
}

/// `audit person PERSONNUMMER`: every record about the person, with the number shown.
/// Needs the keys; the search is audited first (a record naming the operator, the
/// person protected), and nothing is shown if that record cannot be written.
pub async fn person(ctx: &Ctx, pnr: &GivenPnr, json: bool) -> Result<Output, AdminError> {
    let protector = ctx.protector.as_ref().ok_or(AdminError::NeedsKeys)?;
    let today = lefi_domain::tz::stockholm_date(ctx.now);
    let number = Personnummer::parse(&pnr.0, today)
        .map_err(|_| AdminError::Invalid("personnumret är inte giltigt (V1)".into()))?;
    let person = protector.protect(&number);
    let records = ctx.store.by_subject(&person.hash).await?;
    let id = format!("admin-{}", uuid::Uuid::new_v4());
    ctx.store
        .append(&AuditRecord {
            id: id.clone(),
            at: ctx.now,
            partner: None,
            caller: ctx.operator.clone(),
            channel: "operator/lefi-admin".into(),
            subject: Some(person),
            asked: Vec::new(),
            delivered: Vec::new(),
            outcome: Outcome::AuditPersonSearched,
            correlation_id: id.clone(),
            user: None,
            purpose: None,
        })
        .await?;
    let rows: Vec<Row> = records
        .iter()
        .map(|r| {
            let mut row = Row::of(r, Some(protector));
            row.person = Some(number.expose().to_owned());
            row
        })
        .collect();
    let mut text = render(&rows, json);
    if !json {
        text += &format!("Sökningen är själv granskningsloggad (post {id}).\n");
    }
    Ok(Output::ok(text))
}
