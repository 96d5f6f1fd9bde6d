//! The person register's view of a generated person: who they are (facts every register
//! agrees on) and what the register says about them today (H10: current data only).

use chrono::{Datelike, Days, NaiveDate};
use lefi_contract::v9::{Adress, Arbetsgivare, Arbetsstalle, Folkbokforingsuppgift, Land};
use lefi_contract::v9::{Personinformation, Sifferkod};
use lefi_domain::pnr::luhn_check_digit;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::population::{Member, mix};

/// What every register agrees on about a person; the benefit registries derive their
/// cases from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    /// Seeds everything else derived about the person.
    pub key: u64,
    pub birth_date: NaiveDate,
    pub woman: bool,
    pub samordningsnummer: bool,
    pub deceased: Option<NaiveDate>,
    /// One in five people has no benefit at all.
    pub no_benefits: bool,
}

/// A random-number generator for one purpose (`salt`) of one person: the same person
/// and purpose always draw the same numbers, whatever else is asked first.
pub fn rng(key: u64, salt: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(mix(key ^ mix(salt)))
}

impl PersonFacts {
    /// Facts of a member of the population, as of `as_of`.
    pub fn of(member: &Member, key: u64, as_of: NaiveDate) -> Self {
        let birth_date = member.slot.birth_date();
        let mut r = rng(key, 1);
        let age = age_on(birth_date, as_of);
        // Rough Swedish mortality: rare before 65, common after 90.
        let death_per_mille = match age {
            ..=64 => 4,
            65..=79 => 60,
            80..=89 => 200,
            _ => 450,
        };
        let deceased = (r.random_range(0..1000) < death_per_mille).then(|| {
            let days_back = r
                .random_range(0..3650u64)
                .min(days_since(birth_date, as_of));
            as_of - Days::new(days_back)
        });
        Self {
            key,
            birth_date,
            woman: member.slot.woman(),
            samordningsnummer: member.samordningsnummer,
            deceased: deceased.filter(|d| *d <= as_of && *d > birth_date),
            no_benefits: r.random_range(0..5) == 0,
        }
    }

    pub fn age_on(&self, date: NaiveDate) -> i32 {
        age_on(self.birth_date, date)
    }
}

fn days_since(birth: NaiveDate, as_of: NaiveDate) -> u64 {
    u64::try_from((as_of - birth).num_days()).unwrap_or(0)
}

/// Whole years from `birth` to `date`.
pub fn age_on(birth: NaiveDate, date: NaiveDate) -> i32 {
    let years = date.year() - birth.year();
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        years - 1
    } else {
        years
    }
}

/// (municipality code, county code, postal town, postcode prefix) of a few real
/// municipalities, so generated addresses look like addresses.
const MUNICIPALITIES: [(&str, &str, &str, &str); 12] = [
    ("0180", "01", "STOCKHOLM", "11"),
    ("1480", "14", "GÖTEBORG", "41"),
    ("1280", "12", "MALMÖ", "21"),
    ("0380", "03", "UPPSALA", "75"),
    ("0580", "05", "LINKÖPING", "58"),
    ("1880", "18", "ÖREBRO", "70"),
    ("2480", "24", "UMEÅ", "90"),
    ("2580", "25", "LULEÅ", "97"),
    ("2281", "22", "SUNDSVALL", "85"),
    ("0884", "08", "VIMMERBY", "59"),
    ("1214", "12", "TÅGARP", "26"),
    ("2021", "20", "VANSBRO", "78"),
];
const STREETS: [&str; 10] = [
    "Storgatan",
    "Kyrkogatan",
    "Skolvägen",
    "Björkvägen",
    "Ringvägen",
    "Parkgatan",
    "Tallstigen",
    "Ängsvägen",
    "Södra vägen",
    "Järnvägsgatan",
];
const WOMEN: [&str; 8] = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Elin", "Ingrid", "Lena",
];
const MEN: [&str; 8] = [
    "Lars", "Erik", "Anders", "Johan", "Karl", "Per", "Mikael", "Nils",
];
const SURNAMES: [&str; 10] = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
];
const EMPLOYERS: [&str; 6] = [
    "Exempelbolaget AB",
    "Byggservice i Norr AB",
    "Vårdhuset AB",
    "Logistikpartner AB",
    "Kommunalförbundet Test",
    "Skogsindustri AB",
];

fn pick<'a>(r: &mut Pcg64Mcg, list: &[&'a str]) -> &'a str {
    list[r.random_range(0..list.len())]
}

/// What the person register says about a generated person today.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub person: Personinformation,
    /// Försäkrad: covered by Swedish social insurance (the seed's "Försäkrad Ja/Nej").
    pub insured: bool,
}

/// Whether the person register has the person living abroad (no Swedish address; some
/// samordningsnummer holders). Replays the draws of [`register_entry`] up to that one,
/// so the two always agree; the benefit registries use it for the life certificate.
pub fn lives_abroad(facts: &PersonFacts) -> bool {
    if !facts.samordningsnummer {
        return false;
    }
    let mut r = rng(facts.key, 2);
    let _first = pick(&mut r, if facts.woman { &WOMEN } else { &MEN });
    let _surname = pick(&mut r, &SURNAMES);
    let _protected = r.random_range(0..1000) < 3;
    let _municipality = r.random_range(0..MUNICIPALITIES.len());
    r.random_bool(0.6)
}

/// The register entry of a generated person: current data only (H10); no address for a
/// protected identity (S1).
pub fn register_entry(number: &str, facts: &PersonFacts, as_of: NaiveDate) -> RegisterEntry {
    let mut r = rng(facts.key, 2);
    let first = if facts.woman {
        pick(&mut r, &WOMEN)
    } else {
        pick(&mut r, &MEN)
    };
    let name = format!("{first} {}", pick(&mut r, &SURNAMES));
    let protected = r.random_range(0..1000) < 3;
    let (kommun, lan, town, postcode_prefix) =
        MUNICIPALITIES[r.random_range(0..MUNICIPALITIES.len())];
    let abroad = facts.samordningsnummer && r.random_bool(0.6);
    let address = Adress {
        utdelningadress: Some(vec![format!(
            "{} {}",
            pick(&mut r, &STREETS),
            r.random_range(1..120)
        )]),
        postnummer: Some(format!("{postcode_prefix}{:03}", r.random_range(0..1000))),
        postort: Some(town.to_owned()),
        land: Some(sweden()),
        ..Adress::default()
    };
    let age = facts.age_on(as_of);
    let employed = facts.deceased.is_none() && (18..67).contains(&age) && r.random_bool(0.75);
    let employer = employed.then(|| Arbetsstalle {
        arbetsgivare: Some(Arbetsgivare {
            namn: Some(pick(&mut r, &EMPLOYERS).to_owned()),
            organisationsnummer: Some(organisation_number(r.random_range(0..10_000_000))),
            adress: None,
        }),
        ..Arbetsstalle::default()
    });
    let insured = facts.deceased.is_none() && !abroad && r.random_range(0..100) < 95;
    let person = Personinformation {
        personnummer: Some(number.to_owned()),
        foddes: Some(facts.birth_date),
        namn: Some(name),
        skyddad: Some(protected),
        avled: facts.deceased.map(|d| vec![d]),
        adress: (!protected && !abroad).then(|| vec![address]),
        arbetsstallen: employer.map(|e| vec![e]),
        civilstand: Some(civilstand(if age < 20 { 1 } else { r.random_range(1..8) })),
        folkbokford: (!protected && !abroad).then(|| {
            vec![Folkbokforingsuppgift {
                lan: Some(lan.to_owned()),
                kommun: Some(kommun[2..].to_owned()),
            }]
        }),
        ..Personinformation::default()
    };
    RegisterEntry { person, insured }
}

pub fn sweden() -> Land {
    Land {
        kod: Some("SE".into()),
        namn: Some("SVERIGE".into()),
    }
}

/// v9's `civilstand` codes.
pub fn civilstand(id: i64) -> Sifferkod {
    let text = match id {
        1 => "Ogift",
        2 => "Gift",
        3 => "Registrerat partnerskap",
        4 => "Efterlevande partner",
        5 => "Skild",
        6 => "Skild partner",
        7 => "Änka/Änkeman",
        _ => "Okänd",
    };
    Sifferkod {
        id: Some(id),
        beskrivning: Some(text.into()),
    }
}

/// A valid aktiebolag number `556NNNNNNC` from a 7-digit seed.
pub fn organisation_number(n: u32) -> String {
    let body = format!("556{:06}", n % 1_000_000);
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", luhn_check_digit(&digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::Population;
    use lefi_domain::Organisationsnummer;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn the_same_person_is_always_described_the_same_way() {
        let p = Population::new(11, 1_000);
        let m = p.nth(17).unwrap();
        let facts = PersonFacts::of(&m, p.person_key(m.slot), as_of());
        let a = register_entry(m.personnummer.expose(), &facts, as_of());
        let b = register_entry(m.personnummer.expose(), &facts, as_of());
        assert_eq!(a, b);
        assert_eq!(
            a.person.personnummer.as_deref(),
            Some(m.personnummer.expose())
        );
    }

    #[test]
    fn the_mix_has_the_dead_the_protected_and_the_benefitless() {
        let p = Population::new(5, 20_000);
        let (mut dead, mut protected, mut none, mut employed) = (0, 0, 0, 0);
        for i in 0..p.size() {
            let m = p.nth(i).unwrap();
            let f = PersonFacts::of(&m, p.person_key(m.slot), as_of());
            let e = register_entry(m.personnummer.expose(), &f, as_of());
            dead += usize::from(f.deceased.is_some());
            none += usize::from(f.no_benefits);
            if e.person.skyddad == Some(true) {
                protected += 1;
                assert!(
                    e.person.adress.is_none(),
                    "S1: no address for a protected identity"
                );
                assert!(e.person.folkbokford.is_none());
            }
            if let Some(d) = f.deceased {
                assert!(d > f.birth_date && d <= as_of());
                assert!(!e.insured);
            }
            if let Some(employers) = &e.person.arbetsstallen {
                employed += 1;
                let orgnr = employers[0]
                    .arbetsgivare
                    .as_ref()
                    .unwrap()
                    .organisationsnummer
                    .as_ref()
                    .unwrap();
                assert!(Organisationsnummer::parse(orgnr).is_ok(), "{orgnr}");
            }
        }
        assert!(dead > 200 && dead < 4_000, "{dead}");
        assert!(protected > 10 && protected < 200, "{protected}");
        assert!(none > 3_000 && none < 5_000, "{none}");
        assert!(employed > 5_000, "{employed}");
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = NaiveDate::from_ymd_opt(1950, 6, 15).unwrap();
        assert_eq!(
            age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 14).unwrap()),
            75
        );
        assert_eq!(
            age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()),
            76
        );
    }
}
