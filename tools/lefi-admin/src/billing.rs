//! `billing report` and `billing usage` (P4, A2): the invoice basis of every paying
//! partner for a month, reconciled with the audit on demand, and the monthly usage
//! report per partner.
//!
//! What is billable is what the workflow's Audit step meters (lefi-workflow `steps.rs`):
//! an answered query, with or without a person found ([`Outcome::is_billable`]). The
//! usage table holds one count per partner and month; `--check` counts the audit records
//! of the month's Stockholm days and compares. It reads the month day by day
//! (`AuditLog::by_day`: in DynamoDB 16 shard queries a day, whatever the number of
//! partners) and counts per partner as it goes, so one day's records are in memory at a
//! time; `by_partner_and_day` would be a query per partner and day, and is what the
//! usage report of one partner uses.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use lefi_domain::billing::{InvoiceLine, kronor, parse_month};
use lefi_domain::catalogue::{Named, V9List, resolve};
use lefi_domain::{Agreement, Benefit};
use lefi_store::{AuditRecord, Outcome, PartnerId};
use serde::{Deserialize, Serialize};

use crate::{AdminError, Ctx, Output};

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// One partner's line, as the JSON form writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub partner: String,
    pub name: String,
    pub organisation: String,
    pub month: String,
    #[serde(flatten)]
    pub line: InvoiceLine,
}

fn month_days(month: &str) -> Result<Vec<NaiveDate>, AdminError> {
    let (y, m) = parse_month(month).ok_or_else(|| {
        AdminError::Invalid(format!("månaden ska skrivas ÅÅÅÅ-MM, inte {month:?}"))
    })?;
    let first = NaiveDate::from_ymd_opt(y, m, 1)
        .ok_or_else(|| AdminError::Invalid("månaden finns inte".into()))?;
    Ok(first
        .iter_days()
        .take_while(|d| d.month() == m && d.year() == y)
        .collect())
}

/// Every record of the month, one Stockholm day at a time, handed to `each`.
async fn each_record_of_month(
    ctx: &Ctx,
    partner: Option<&PartnerId>,
    days: &[NaiveDate],
    mut each: impl FnMut(&AuditRecord),
) -> Result<(), AdminError> {
    for day in days {
        let records = match partner {
            Some(p) => ctx.store.by_partner_and_day(p, *day).await?,
            None => ctx.store.by_day(*day).await?,
        };
        records.iter().for_each(&mut each);
    }
    Ok(())
}

/// `billing report --month YYYY-MM [--format] [--check]`.
pub async fn report(
    month: &str,
    format: Format,
    check: bool,
    ctx: &Ctx,
) -> Result<Output, AdminError> {
    let days = month_days(month)?;
    let agreements: BTreeMap<PartnerId, Agreement> = ctx
        .store
        .agreements()
        .await?
        .into_iter()
        .map(|a| (PartnerId(a.id.clone()), a))
        .collect();
    let usage: BTreeMap<PartnerId, u64> =
        ctx.store.month_totals(month).await?.into_iter().collect();
    let mut lines = Vec::new();
    for (partner, a) in &agreements {
        let billable = usage.get(partner).copied().unwrap_or(0);
        let line = InvoiceLine::for_month(a.pricing, billable)
            .map_err(|e| AdminError::Invalid(format!("{partner}: {e}")))?;
        if let Some(line) = line {
            lines.push(ReportLine {
                partner: partner.0.clone(),
                name: a.name.clone(),
                organisation: a.organisation.to_string(),
                month: month.to_owned(),
                line,
            });
        }
    }
    let mut text = match format {
        Format::Json => {
            serde_json::to_string_pretty(&lines).map_err(|e| AdminError::Invalid(e.to_string()))?
                + "\n"
        }
        Format::Csv => {
            let mut t = String::from(
                "month,partner,organisation,name,connection_fee_ore,billable_queries,per_query_ore,queries_ore,total_ore\n",
            );
            for l in &lines {
                t.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{}\n",
                    l.month,
                    csv(&l.partner),
                    l.organisation,
                    csv(&l.name),
                    l.line.connection_fee_ore,
                    l.line.billable_queries,
                    l.line.per_query_ore,
                    l.line.queries_ore,
                    l.line.total_ore
                ));
            }
            t
        }
        Format::Table => {
            let mut t = format!(
                "Faktureringsunderlag {month} (belopp i kronor; exakt i öre i csv och json)\n{:<22} {:<28} {:>16} {:>12} {:>10} {:>16}\n",
                "aktör", "namn", "anslutningsavgift", "frågor", "à-pris", "summa"
            );
            for l in &lines {
                t.push_str(&format!(
                    "{:<22} {:<28} {:>16} {:>12} {:>10} {:>16}\n",
                    l.partner,
                    l.name,
                    kronor(l.line.connection_fee_ore),
                    l.line.billable_queries,
                    kronor(l.line.per_query_ore),
                    kronor(l.line.total_ore)
                ));
            }
            t
        }
    };
    let mut failed = false;
    if check {
        // Every partner with an agreement or a count: a free partner's usage must
        // reconcile too, or a paying one could hide under a wrong id.
        let mut audited: BTreeMap<PartnerId, u64> = BTreeMap::new();
        each_record_of_month(ctx, None, &days, |r| {
            if let (Some(p), true) = (&r.partner, r.outcome.is_billable()) {
                *audited.entry(p.clone()).or_default() += 1;
            }
        })
        .await?;
        let partners: BTreeSet<&PartnerId> = agreements
            .keys()
            .chain(usage.keys())
            .chain(audited.keys())
            .collect();
        let mut bad = Vec::new();
        for partner in partners {
            let counted = usage.get(partner).copied().unwrap_or(0);
            let audited = audited.get(partner).copied().unwrap_or(0);
            if counted != audited {
                bad.push(format!(
                    "  {partner}: användningen räknar {counted}, granskningsloggen har {audited} besvarade debiterbara frågor\n"
                ));
            }
        }
        let report = if bad.is_empty() {
            format!(
                "Avstämning {month}: användningen stämmer med granskningsloggen för varje aktör.\n"
            )
        } else {
            failed = true;
            format!(
                "Avstämning {month} MISSLYCKADES för {} aktörer:\n{}",
                bad.len(),
                bad.concat()
            )
        };
        // The report itself stays machine-readable on stdout in csv/json; the check goes
        // last in the table form only.
        if format == Format::Table {
            text.push('\n');
            text.push_str(&report);
        } else {
            return Ok(Output {
                text,
                failed,
                notes: Some(report),
                ..Output::default()
            });
        }
    }
    Ok(Output {
        text,
        failed,
        ..Output::default()
    })
}

fn csv(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The benefit group (the portal's three, `lefi_domain::catalogue`) of a delivered code
/// as the audit writes it, `<v9 list>/<code>` (`formansinformation/FK:SJP`); `None`
/// for person data, which every answer holds.
fn group_of(delivered: &str) -> Option<&'static str> {
    let (list, code) = delivered.split_once('/')?;
    let list = V9List::ALL.into_iter().find(|l| l.name() == list)?;
    let benefit = match resolve(list, code, true)?.1 {
        Named::Part(b, _) | Named::Payments(b) => b,
        Named::AllPayments => Benefit::Utbetalning,
        Named::PersonData | Named::NotDelivered => return None,
    };
    Some(benefit.group().name_sv())
}

/// One partner's month in the usage report.
#[derive(Debug, Default)]
struct Stats {
    answered: u64,
    by_channel: BTreeMap<String, u64>,
    by_group: BTreeMap<&'static str, u64>,
    refusals: BTreeMap<String, u64>,
}

impl Stats {
    fn add(&mut self, r: &AuditRecord) {
        let refused = match &r.outcome {
            o if o.is_billable() => {
                self.answered += 1;
                *self.by_channel.entry(r.channel.clone()).or_default() += 1;
                let groups: BTreeSet<&'static str> =
                    r.delivered.iter().filter_map(|c| group_of(c)).collect();
                for g in groups {
                    *self.by_group.entry(g).or_default() += 1;
                }
                return;
            }
            Outcome::Refused { reason } => format!("NOT_AUTHORIZED ({reason})"),
            Outcome::Invalid { .. } => "INVALID_QUERY".into(),
            Outcome::NotServed { code } => code.clone(),
            // One record for many requests: each counts.
            Outcome::Limited { requests } => {
                *self
                    .refusals
                    .entry("RATE_LIMITED (refusals)".into())
                    .or_default() += requests;
                return;
            }
            Outcome::Failed { .. } => "INTERNT_FEL".into(),
            // Replays, listings, logins and configuration changes are neither.
            _ => return,
        };
        *self.refusals.entry(refused).or_default() += 1;
    }
}

/// `billing usage --month YYYY-MM [--partner ID]`: per partner, answered queries by
/// channel and benefit group, refusals by reason.
pub async fn usage(month: &str, only: Option<&str>, ctx: &Ctx) -> Result<Output, AdminError> {
    let days = month_days(month)?;
    let partners: Vec<PartnerId> = match only {
        Some(p) => vec![PartnerId(p.to_owned())],
        None => ctx
            .store
            .agreements()
            .await?
            .into_iter()
            .map(|a| PartnerId(a.id))
            .collect(),
    };
    let mut stats: BTreeMap<PartnerId, Stats> = partners
        .iter()
        .map(|p| (p.clone(), Stats::default()))
        .collect();
    let add = |stats: &mut BTreeMap<PartnerId, Stats>, r: &AuditRecord| {
        if let Some(s) = r.partner.as_ref().and_then(|p| stats.get_mut(p)) {
            s.add(r);
        }
    };
    // One partner: its own index; all: the month once, by day.
    let one = only.and(partners.first());
    each_record_of_month(ctx, one, &days, |r| add(&mut stats, r)).await?;
    let mut text = format!("Användningsrapport {month}\n");
    for (partner, s) in &stats {
        text.push_str(&format!("\n{partner}: {} besvarade frågor\n", s.answered));
        text.push_str("  per kanal:\n");
        for (k, n) in &s.by_channel {
            text.push_str(&format!("    {k:<30} {n:>10}\n"));
        }
        text.push_str("  per förmånsgrupp (frågor som fick uppgifter ur gruppen):\n");
        for (k, n) in &s.by_group {
            text.push_str(&format!("    {k:<30} {n:>10}\n"));
        }
        text.push_str("  avvisade och ej besvarade, per orsak:\n");
        for (k, n) in &s.refusals {
            text.push_str(&format!("    {k:<30} {n:>10}\n"));
        }
    }
    Ok(Output::ok(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a2_delivered_codes_count_in_their_benefit_group() {
        assert_eq!(
            group_of("formansinformation/FK:SJP"),
            Some("Dagersättningsförmåner")
        );
        assert_eq!(
            group_of("ovrigInformation/FK:SGI"),
            Some("Dagersättningsförmåner")
        );
        assert_eq!(group_of("ansprak/PM:AP"), Some("Pensionsförmåner"));
        assert_eq!(
            group_of("formansinformation/FK:ABB"),
            Some("Övriga förmåner")
        );
        assert_eq!(
            group_of("ovrigInformation/FK:GEPI"),
            None,
            "person data is in every answer"
        );
        assert_eq!(group_of("FK:SJP"), None);
    }
}
