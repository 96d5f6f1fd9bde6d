//! The invoice basis of one paying partner and month (P4, A2): connection fee, billable
//! queries, price per query and total, in öre. Integers only, and an amount too large to
//! hold is an error, never a wrapped or saturated figure on an invoice.

use serde::{Deserialize, Serialize};

use crate::agreement::Pricing;

/// One line of the billing report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub connection_fee_ore: u64,
    pub billable_queries: u64,
    pub per_query_ore: u64,
    /// `billable_queries × per_query_ore`.
    pub queries_ore: u64,
    /// `connection_fee_ore + queries_ore`.
    pub total_ore: u64,
}

/// The amount does not fit in 64 bits of öre (about 1.8 × 10¹⁷ kronor): a wrong count,
/// not a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("beloppet ryms inte (fel i underlaget)")]
pub struct Overflow;

impl InvoiceLine {
    /// The month's line for a partner with `pricing` and `billable_queries` answered
    /// queries; `None` for a free partner (P4: municipalities and Kronofogden pay
    /// nothing and get no invoice line).
    pub fn for_month(pricing: Pricing, billable_queries: u64) -> Result<Option<Self>, Overflow> {
        let Pricing::Paid {
            connection_fee_ore,
            per_query_ore,
        } = pricing
        else {
            return Ok(None);
        };
        let queries_ore = billable_queries
            .checked_mul(per_query_ore)
            .ok_or(Overflow)?;
        let total_ore = connection_fee_ore
            .checked_add(queries_ore)
            .ok_or(Overflow)?;
        Ok(Some(Self {
            connection_fee_ore,
            billable_queries,
            per_query_ore,
            queries_ore,
            total_ore,
        }))
    }
}

/// Öre as kronor with two decimals and a comma, as Swedish invoices write it:
/// `2 512 000` öre → `25 120,00`.
pub fn kronor(ore: u64) -> String {
    let whole = (ore / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}", ore % 100)
}

/// The Stockholm calendar month `YYYY-MM`, as usage is counted (P4).
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paid(fee: u64, per: u64) -> Pricing {
        Pricing::Paid {
            connection_fee_ore: fee,
            per_query_ore: per,
        }
    }

    #[test]
    fn a2_a_paying_partner_pays_its_fee_plus_each_billable_query_in_ore() {
        let line = InvoiceLine::for_month(paid(2_500_000, 1_200), 37)
            .unwrap()
            .unwrap();
        assert_eq!(line.queries_ore, 44_400);
        assert_eq!(line.total_ore, 2_544_400);
        assert_eq!(line.billable_queries, 37);
        // No query that month: the connection fee still stands.
        let idle = InvoiceLine::for_month(paid(2_500_000, 1_200), 0)
            .unwrap()
            .unwrap();
        assert_eq!((idle.queries_ore, idle.total_ore), (0, 2_500_000));
    }

    #[test]
    fn a2_free_partners_get_no_line() {
        assert_eq!(InvoiceLine::for_month(Pricing::Free, 1_000_000), Ok(None));
    }

    #[test]
    fn a2_an_amount_too_large_is_an_error_not_a_wrapped_number() {
        assert_eq!(
            InvoiceLine::for_month(paid(0, u64::MAX / 2), 3),
            Err(Overflow)
        );
        assert_eq!(InvoiceLine::for_month(paid(u64::MAX, 1), 1), Err(Overflow));
        // The largest that fits is exact.
        let line = InvoiceLine::for_month(paid(1, u64::MAX / 4), 4)
            .unwrap()
            .unwrap();
        assert_eq!(line.total_ore, (u64::MAX / 4) * 4 + 1);
    }

    #[test]
    fn a2_kronor_are_written_the_swedish_way() {
        assert_eq!(kronor(2_544_400), "25\u{a0}444,00");
        assert_eq!(kronor(5), "0,05");
        assert_eq!(kronor(123_456_789), "1\u{a0}234\u{a0}567,89");
    }

    #[test]
    fn a2_months_are_yyyy_mm() {
        assert_eq!(parse_month("2026-11"), Some((2026, 11)));
        for bad in [
            "2026-13",
            "2026-1",
            "26-11",
            "2026-00",
            "2026/11",
            "2026-11-01",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }
}
