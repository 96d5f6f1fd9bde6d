//! Named people for tests: the seed's own example, one person per H-rule and one per
//! case of the person register. They exist whatever the seed and size, and win over the
//! generated population. `docs/simulators.md` documents them in one table; a test keeps
//! that table and this list in step.
//!
//! Their benefit data lives in [`crate::benefits::fixture_benefits`], by customer id.

use chrono::NaiveDate;
use lefi_contract::v9::Personinformation;
use lefi_contract::v9::{Adress, Arbetsgivare, Arbetsstalle, Folkbokforingsuppgift, Land};

use crate::person::{RegisterEntry, civilstand, sweden};

/// A named person of the register.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    /// Stable name, used in tests and docs.
    pub name: &'static str,
    /// The rule or case the person is there to show.
    pub shows: &'static str,
    /// The current number, 12 digits.
    pub personnummer: &'static str,
    /// Numbers the person had before; they resolve to the current one.
    pub old_numbers: &'static [&'static str],
    /// The registers' internal ids: two for a person with duplicate customer ids.
    pub customer_ids: &'static [&'static str],
    pub name_in_register: &'static str,
    pub born: (i32, u32, u32),
    pub protected: bool,
    pub deceased: Option<(i32, u32, u32)>,
    pub insured: bool,
    /// Street, postcode, town, municipality code; `None` = no Swedish address.
    pub address: Option<(&'static str, &'static str, &'static str, &'static str)>,
    pub employer: Option<&'static str>,
}

/// A valid number that belongs to nobody: the person register answers "not found".
/// (Born 1912: outside the generated population's birth years.)
pub const NOT_FOUND: &str = "191212121212";

const fn base(
    name: &'static str,
    shows: &'static str,
    pnr: &'static str,
    cid: &'static [&'static str],
) -> Fixture {
    Fixture {
        name,
        shows,
        personnummer: pnr,
        old_numbers: &[],
        customer_ids: cid,
        name_in_register: "Test Testsson",
        born: (0, 0, 0),
        protected: false,
        deceased: None,
        insured: true,
        address: Some(("Testvägen 1", "11122", "STOCKHOLM", "0180")),
        employer: None,
    }
}

/// Every fixture person.
pub const FIXTURES: [Fixture; 21] = [
    Fixture {
        name_in_register: "Tyra Testsson",
        born: (1950, 1, 1),
        address: Some(("Testgatan 11", "26875", "Tågarp", "1214")),
        employer: Some("5562875392"),
        ..base(
            "seed-example",
            "the seed's §5.2 example: person data, sjukpenning, SGI, pension forecast",
            "195001019420",
            &["F-SEED"],
        )
    },
    Fixture {
        old_numbers: &["198003141234"],
        born: (1980, 3, 14),
        ..base(
            "changed-number",
            "§3: asked by the old number, answered for the current one",
            "198003149872",
            &["F-CHANGED"],
        )
    },
    Fixture {
        born: (1975, 4, 12),
        ..base(
            "duplicate-ids",
            "§3: two customer ids whose data must be merged",
            "197504122347",
            &["F-DUP-A", "F-DUP-B"],
        )
    },
    Fixture {
        born: (1988, 7, 7),
        protected: true,
        ..base(
            "protected-identity",
            "S1: protected identity, no address given out",
            "198807073450",
            &["F-PROTECTED"],
        )
    },
    Fixture {
        born: (1985, 1, 11),
        address: None,
        insured: false,
        ..base(
            "samordningsnummer",
            "V1: a samordningsnummer holder (day + 60)",
            "198501714565",
            &["F-SAMORD"],
        )
    },
    Fixture {
        born: (1990, 3, 1),
        address: None,
        insured: false,
        ..base(
            "samordningsnummer-unknown-day",
            "V1: samordningsnummer with day 60 (unknown day)",
            "199003604585",
            &["F-SAMORD-60"],
        )
    },
    Fixture {
        born: (1940, 2, 20),
        deceased: Some((2025, 3, 14)),
        insured: false,
        ..base(
            "deceased",
            "a deceased person: date of death, no longer insured",
            "194002205674",
            &["F-DECEASED"],
        )
    },
    Fixture {
        born: (1999, 9, 9),
        ..base(
            "no-benefits",
            "a person with no benefits at all",
            "199909096787",
            &["F-NONE"],
        )
    },
    Fixture {
        born: (1970, 5, 5),
        ..base(
            "h1-ongoing-case",
            "H1: sjukpenning case ongoing since 2015, plus a closed case",
            "197005051110",
            &["F-H1"],
        )
    },
    Fixture {
        born: (1972, 6, 6),
        ..base(
            "h2-payments",
            "H2: barnbidrag since 2005, payments from 2008-07-01 only",
            "197206062221",
            &["F-H2"],
        )
    },
    Fixture {
        born: (1935, 3, 15),
        insured: false,
        ..base(
            "h3-ap37",
            "H3: born 1935 (ÅP37), pension data from 2003",
            "193503153334",
            &["F-H3-37"],
        )
    },
    Fixture {
        born: (1940, 3, 15),
        insured: false,
        ..base(
            "h3-ap38",
            "H3: born 1940 (ÅP38), pension data from 2001",
            "194003153345",
            &["F-H3-38"],
        )
    },
    Fixture {
        born: (1960, 1, 1),
        ..base(
            "h4-earnings",
            "H4: earnings records from earning year 2003",
            "196001014445",
            &["F-H4"],
        )
    },
    Fixture {
        born: (1965, 5, 5),
        ..base(
            "h5-work-injury",
            "H5: arbetsskadelivränta since 2003, data from 2005",
            "196505055555",
            &["F-H5"],
        )
    },
    Fixture {
        born: (1968, 8, 8),
        ..base(
            "h6-sickness-compensation",
            "H6: sjukersättning since 2000, data from 2003",
            "196808086661",
            &["F-H6"],
        )
    },
    Fixture {
        born: (1978, 2, 2),
        ..base(
            "h7-daily-benefit",
            "H7: föräldrapenning since 2001, data from 2002, payments two years back",
            "197802027776",
            &["F-H7"],
        )
    },
    Fixture {
        born: (1930, 1, 1),
        insured: false,
        ..base(
            "h8-life-certificate",
            "H8: life certificates, only the current one",
            "193001018880",
            &["F-H8"],
        )
    },
    Fixture {
        born: (1962, 6, 6),
        ..base(
            "h9-forecast",
            "H9: pension forecasts 2020–2026, only the two latest mailing years",
            "196206069996",
            &["F-H9"],
        )
    },
    Fixture {
        born: (1982, 8, 20),
        address: Some(("Flyttvägen 3", "41101", "GÖTEBORG", "1480")),
        ..base(
            "h10-current-address",
            "H10: moved several times; only the current address",
            "198208201015",
            &["F-H10"],
        )
    },
    Fixture {
        born: (1982, 3, 14),
        ..base(
            "h11-graviditetspenning",
            "H11: pregnancy benefit periods on both sides of 2011-01-01",
            "198203142024",
            &["F-H11"],
        )
    },
    Fixture {
        born: (1912, 12, 12),
        ..base(
            "not-found",
            "§3: a valid number the register does not know",
            NOT_FOUND,
            &[],
        )
    },
];

impl Fixture {
    /// The fixture with this current or old number.
    pub fn by_number(number: &str) -> Option<&'static Fixture> {
        FIXTURES
            .iter()
            .filter(|f| f.personnummer != NOT_FOUND)
            .find(|f| f.personnummer == number || f.old_numbers.contains(&number))
    }

    pub fn by_name(name: &str) -> Option<&'static Fixture> {
        FIXTURES.iter().find(|f| f.name == name)
    }

    pub fn by_customer(customer_id: &str) -> Option<&'static Fixture> {
        FIXTURES
            .iter()
            .find(|f| f.customer_ids.contains(&customer_id))
    }

    pub fn birth_date(&self) -> NaiveDate {
        ymd(self.born)
    }

    /// What the person register says today (H10: current only; S1: no address when
    /// protected).
    pub fn register_entry(&self) -> RegisterEntry {
        let (street, postcode, town, kommun) = match self.address {
            Some(a) if !self.protected => (Some(a.0), Some(a.1), Some(a.2), Some(a.3)),
            _ => (None, None, None, None),
        };
        let person = Personinformation {
            personnummer: Some(self.personnummer.to_owned()),
            foddes: Some(self.birth_date()),
            namn: Some(self.name_in_register.to_owned()),
            skyddad: Some(self.protected),
            avled: self.deceased.map(|d| vec![ymd(d)]),
            adress: street.map(|street| {
                vec![Adress {
                    utdelningadress: Some(vec![street.to_owned()]),
                    postnummer: postcode.map(str::to_owned),
                    postort: town.map(str::to_owned),
                    land: Some(Land {
                        namn: Some("Sverige".into()),
                        ..sweden()
                    }),
                    ..Adress::default()
                }]
            }),
            arbetsstallen: self.employer.map(|orgnr| {
                vec![Arbetsstalle {
                    arbetsgivare: Some(Arbetsgivare {
                        organisationsnummer: Some(orgnr.to_owned()),
                        ..Arbetsgivare::default()
                    }),
                    ..Arbetsstalle::default()
                }]
            }),
            civilstand: Some(civilstand(0)),
            folkbokford: kommun.map(|k| {
                vec![Folkbokforingsuppgift {
                    lan: Some(k[..2].to_owned()),
                    kommun: Some(k[2..].to_owned()),
                }]
            }),
            ..Personinformation::default()
        };
        RegisterEntry {
            person,
            insured: self.insured,
        }
    }
}

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_domain::Personnummer;
    use std::collections::HashSet;

    #[test]
    fn fixture_numbers_are_valid_unique_and_match_their_birth_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut numbers = HashSet::new();
        let mut customers = HashSet::new();
        for f in FIXTURES {
            for n in std::iter::once(&f.personnummer).chain(f.old_numbers) {
                let p =
                    Personnummer::parse(n, today).unwrap_or_else(|e| panic!("{}: {e:?}", f.name));
                assert_eq!(p.expose(), *n);
                assert!(numbers.insert(*n), "{n} used twice");
                assert_eq!(p.birth_year(), f.born.0, "{}", f.name);
            }
            for c in f.customer_ids {
                assert!(customers.insert(*c), "{c} used twice");
                assert!(
                    c.starts_with("F-"),
                    "fixture ids never look like generated ones"
                );
            }
            assert!(Fixture::by_name(f.name).is_some());
        }
    }

    #[test]
    fn the_seed_example_is_as_the_seed_shows_it() {
        let f = Fixture::by_number("195001019420").unwrap();
        let p = f.register_entry().person;
        let a = &p.adress.as_ref().unwrap()[0];
        assert_eq!(
            a.utdelningadress.as_deref(),
            Some(&["Testgatan 11".to_owned()][..])
        );
        assert_eq!(a.postnummer.as_deref(), Some("26875"));
        assert_eq!(a.postort.as_deref(), Some("Tågarp"));
        assert_eq!(a.land.as_ref().unwrap().namn.as_deref(), Some("Sverige"));
        let folk = &p.folkbokford.as_ref().unwrap()[0];
        assert_eq!(
            (folk.lan.as_deref(), folk.kommun.as_deref()),
            (Some("12"), Some("14"))
        );
        let employer = p.arbetsstallen.as_ref().unwrap()[0]
            .arbetsgivare
            .as_ref()
            .unwrap();
        assert_eq!(employer.organisationsnummer.as_deref(), Some("5562875392"));
        assert_eq!(p.skyddad, Some(false));
        assert!(f.register_entry().insured);
    }

    #[test]
    fn s1_the_protected_fixture_has_no_address() {
        let p = Fixture::by_name("protected-identity")
            .unwrap()
            .register_entry()
            .person;
        assert_eq!(p.skyddad, Some(true));
        assert!(p.adress.is_none() && p.folkbokford.is_none());
    }

    #[test]
    fn old_numbers_find_the_person_and_not_found_finds_nobody() {
        let f = Fixture::by_number("198003141234").unwrap();
        assert_eq!(f.personnummer, "198003149872");
        assert!(Fixture::by_number(NOT_FOUND).is_none());
    }
}
