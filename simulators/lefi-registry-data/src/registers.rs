//! The registers as the service sees them: a person register that resolves a number to
//! a person and their customer ids, and one registry per benefit that answers by
//! customer id. This is the simulators' API; the HTTP server serialises these types.

use chrono::NaiveDate;
use lefi_contract::v9::Uppgifter;
use lefi_domain::{Benefit, Personnummer};
pub use lefi_registry::PersonAnswer;
use serde::{Deserialize, Serialize};

use crate::benefits::{self, History};
use crate::fixtures::Fixture;
use crate::person::{PersonFacts, register_entry};
use crate::population::Population;

/// Size, seed and reference date of the simulated registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistersConfig {
    pub seed: u64,
    pub population: u64,
    /// The registers' "today": cases, payments and windows are as of this date.
    pub as_of: NaiveDate,
}

impl RegistersConfig {
    pub const DEFAULT_SEED: u64 = 2009;
    pub const DEFAULT_POPULATION: u64 = 100_000;
}

/// All registers. Cheap to create and to share: nothing is held per person.
#[derive(Debug, Clone, Copy)]
pub struct Registers {
    population: Population,
    as_of: NaiveDate,
}

impl Registers {
    pub fn new(config: RegistersConfig) -> Self {
        Self {
            population: Population::new(config.seed, config.population),
            as_of: config.as_of,
        }
    }

    pub fn population(&self) -> &Population {
        &self.population
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Looks a number up (personnummer or samordningsnummer, 12 digits).
    pub fn lookup(&self, number: &Personnummer) -> PersonAnswer {
        let asked = number.expose();
        if let Some(f) = Fixture::by_number(asked) {
            let entry = f.register_entry();
            return PersonAnswer::Found {
                current_number: f.personnummer.to_owned(),
                number_changed: f.personnummer != asked,
                customer_ids: f.customer_ids.iter().map(|s| (*s).to_owned()).collect(),
                person: Box::new(entry.person),
                insured: entry.insured,
            };
        }
        let Some(member) = self.population.find(number) else {
            return PersonAnswer::NotFound;
        };
        let facts = PersonFacts::of(&member, self.population.person_key(member.slot), self.as_of);
        let entry = register_entry(asked, &facts, self.as_of);
        PersonAnswer::Found {
            current_number: asked.to_owned(),
            number_changed: false,
            customer_ids: vec![self.population.customer_id(member.slot)],
            person: Box::new(entry.person),
            insured: entry.insured,
        }
    }

    /// What the registry of `benefit` holds under `customer_id`, cut to the windows or
    /// raw (`history`); `None` when the id is unknown to the registers.
    pub fn fetch(
        &self,
        benefit: Benefit,
        customer_id: &str,
        history: History,
    ) -> Option<Uppgifter> {
        if Fixture::by_customer(customer_id).is_some() {
            return Some(benefits::fixture_benefits(
                customer_id,
                benefit,
                self.as_of,
                history,
            ));
        }
        let slot = self.population.slot_of_customer(customer_id)?;
        let index = self.population.index_of_slot(slot)?;
        let member = self.population.nth(index)?;
        let facts = PersonFacts::of(&member, self.population.person_key(slot), self.as_of);
        Some(benefits::generate(benefit, &facts, self.as_of, history))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::NOT_FOUND;

    fn registers() -> Registers {
        Registers::new(RegistersConfig {
            seed: 1,
            population: 10_000,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        })
    }

    fn pnr(s: &str) -> Personnummer {
        Personnummer::parse(s, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).unwrap()
    }

    #[test]
    fn a_generated_person_is_found_and_their_customer_id_fetches() {
        let r = registers();
        let m = r.population().nth(42).unwrap();
        let PersonAnswer::Found {
            customer_ids,
            number_changed,
            person,
            ..
        } = r.lookup(&m.personnummer)
        else {
            panic!("member not found");
        };
        assert!(!number_changed);
        assert_eq!(
            person.personnummer.as_deref(),
            Some(m.personnummer.expose())
        );
        assert!(
            r.fetch(Benefit::Sjukpenning, &customer_ids[0], History::Windowed)
                .is_some()
        );
        assert!(
            r.fetch(Benefit::Sjukpenning, "K0000000000X", History::Raw)
                .is_none()
        );
    }

    #[test]
    fn unknown_numbers_are_not_found() {
        assert_eq!(registers().lookup(&pnr(NOT_FOUND)), PersonAnswer::NotFound);
    }

    #[test]
    fn an_old_number_answers_for_the_current_one() {
        let PersonAnswer::Found {
            current_number,
            number_changed,
            ..
        } = registers().lookup(&pnr("198003141234"))
        else {
            panic!("not found");
        };
        assert_eq!(current_number, "198003149872");
        assert!(number_changed);
    }

    #[test]
    fn duplicate_customer_ids_are_both_given() {
        let PersonAnswer::Found { customer_ids, .. } = registers().lookup(&pnr("197504122347"))
        else {
            panic!("not found");
        };
        assert_eq!(customer_ids, ["F-DUP-A", "F-DUP-B"]);
    }

    #[test]
    fn the_answer_serialises_with_a_status_tag() {
        let json = serde_json::to_value(registers().lookup(&pnr(NOT_FOUND))).unwrap();
        assert_eq!(json, serde_json::json!({"status": "NOT_FOUND"}));
        let found = serde_json::to_value(registers().lookup(&pnr("195001019420"))).unwrap();
        assert_eq!(found["status"], "FOUND");
        assert_eq!(found["currentNumber"], "195001019420");
        assert_eq!(found["customerIds"][0], "F-SEED");
        let back: PersonAnswer = serde_json::from_value(found).unwrap();
        assert!(matches!(back, PersonAnswer::Found { .. }));
    }
}
