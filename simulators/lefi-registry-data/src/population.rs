//! A population of any size with nobody stored: each person is derived from their number.
//!
//! The number space is every (birth date 1920-01-01..=2024-12-31, birth number 001–999)
//! slot, about 38 million. A keyed Feistel permutation (with cycle-walking) maps the
//! population's indices `0..size` onto slots, so
//! - `nth(i)` gives the i-th person's number in O(1),
//! - `index_of(number)` answers "is this one of ours?" in O(1), by inverting it,
//! - the same seed always gives the same people, whatever the size, and memory stays
//!   constant from a hundred people to ten million.
//!
//! A small share of slots hold samordningsnummer (day + 60) instead of personnummer.
//! Customer ids (kund-id, the registers' internal key) are a second permutation of the
//! slot, so a registry can turn one back into the person without a lookup table.

use chrono::{Datelike, NaiveDate};
use lefi_domain::Personnummer;
use lefi_domain::pnr::luhn_check_digit;

/// First and last birth dates of generated people.
pub const FIRST_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(1920, 1, 1) {
    Some(d) => d,
    None => panic!("invalid constant date"),
};
pub const LAST_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(2024, 12, 31) {
    Some(d) => d,
    None => panic!("invalid constant date"),
};
const SERIALS: u64 = 999;
/// Per mille of slots that hold a samordningsnummer.
const SAMORDNING_PER_MILLE: u64 = 15;

/// How many slots the number space has.
pub fn slot_count() -> u64 {
    let days = (LAST_BIRTH - FIRST_BIRTH).num_days() + 1;
    u64::try_from(days).unwrap_or(0) * SERIALS
}

/// SplitMix64: a fast, well-mixed 64-bit hash, used to key everything derived.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A keyed permutation of `0..domain`: a balanced Feistel network over the smallest
/// even number of bits that covers the domain, with cycle-walking back into it.
#[derive(Debug, Clone, Copy)]
struct Feistel {
    key: u64,
    half_bits: u32,
    domain: u64,
}

const ROUNDS: u64 = 4;

impl Feistel {
    fn new(key: u64, domain: u64) -> Self {
        let bits = 64 - domain.saturating_sub(1).leading_zeros();
        Self {
            key,
            half_bits: bits.div_ceil(2).max(1),
            domain,
        }
    }

    fn mask(&self) -> u64 {
        (1 << self.half_bits) - 1
    }

    fn round(&self, value: u64, round: u64) -> u64 {
        mix(self.key ^ round.wrapping_mul(0xA24B_AED4_963E_E407) ^ value) & self.mask()
    }

    fn encrypt(&self, x: u64) -> u64 {
        let (mut l, mut r) = (x >> self.half_bits, x & self.mask());
        for round in 0..ROUNDS {
            (l, r) = (r, l ^ self.round(r, round));
        }
        (l << self.half_bits) | r
    }

    fn decrypt(&self, y: u64) -> u64 {
        let (mut l, mut r) = (y >> self.half_bits, y & self.mask());
        for round in (0..ROUNDS).rev() {
            (l, r) = (r ^ self.round(l, round), l);
        }
        (l << self.half_bits) | r
    }

    /// Cycle-walking: repeat until the value falls back inside the domain. Terminates
    /// because `x` itself lies on the cycle; on average fewer than two steps here.
    fn permute(&self, x: u64) -> u64 {
        let mut y = self.encrypt(x);
        while y >= self.domain {
            y = self.encrypt(y);
        }
        y
    }

    fn invert(&self, y: u64) -> u64 {
        let mut x = self.decrypt(y);
        while x >= self.domain {
            x = self.decrypt(x);
        }
        x
    }
}

/// A position in the number space: a birth date and a birth number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot(pub u64);

impl Slot {
    pub fn birth_date(self) -> NaiveDate {
        FIRST_BIRTH + chrono::Days::new(self.0 / SERIALS)
    }

    /// Birth number 1–999.
    pub fn serial(self) -> u16 {
        // < 1000, so it fits.
        (self.0 % SERIALS + 1) as u16
    }

    /// The birth number's last digit (the personnummer's ninth, before the check digit)
    /// is odd for men, even for women.
    pub fn woman(self) -> bool {
        (self.serial() % 10).is_multiple_of(2)
    }

    fn from_parts(birth: NaiveDate, serial: u16) -> Option<Slot> {
        if !(FIRST_BIRTH..=LAST_BIRTH).contains(&birth) || !(1..=999).contains(&serial) {
            return None;
        }
        let day = u64::try_from((birth - FIRST_BIRTH).num_days()).ok()?;
        Some(Slot(day * SERIALS + u64::from(serial) - 1))
    }
}

/// The population: `size` people chosen from the number space by `seed`.
#[derive(Debug, Clone, Copy)]
pub struct Population {
    seed: u64,
    size: u64,
    people: Feistel,
    customers: Feistel,
}

/// What the number says about a person of the population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub index: u64,
    pub slot: Slot,
    pub personnummer: Personnummer,
    pub samordningsnummer: bool,
}

impl Population {
    /// At most [`slot_count`] people; a larger size is capped.
    pub fn new(seed: u64, size: u64) -> Self {
        let slots = slot_count();
        Self {
            seed,
            size: size.min(slots),
            people: Feistel::new(mix(seed ^ 0x5045_4f50_4c45), slots),
            customers: Feistel::new(mix(seed ^ 0x4b55_4e44), slots),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// A key for everything derived about the person in `slot`.
    pub fn person_key(&self, slot: Slot) -> u64 {
        mix(mix(self.seed) ^ slot.0)
    }

    fn is_samordning(&self, slot: Slot) -> bool {
        mix(self.seed ^ 0x5341_4d4f_5244 ^ slot.0) % 1000 < SAMORDNING_PER_MILLE
    }

    /// The i-th person, for `i < size`.
    pub fn nth(&self, index: u64) -> Option<Member> {
        (index < self.size).then(|| self.member(index, Slot(self.people.permute(index))))
    }

    fn member(&self, index: u64, slot: Slot) -> Member {
        let samordningsnummer = self.is_samordning(slot);
        Member {
            index,
            slot,
            personnummer: number(slot, samordningsnummer),
            samordningsnummer,
        }
    }

    /// The member with this number, if the population has one.
    pub fn find(&self, pnr: &Personnummer) -> Option<Member> {
        let digits = pnr.expose().as_bytes();
        let part = |r: std::ops::Range<usize>| {
            std::str::from_utf8(&digits[r])
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
        };
        let (year, month, mut day, serial) = (part(0..4)?, part(4..6)?, part(6..8)?, part(8..11)?);
        let samordning = day > 60;
        if samordning {
            day -= 60;
        }
        let birth = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        let slot = Slot::from_parts(birth, u16::try_from(serial).ok()?)?;
        if self.is_samordning(slot) != samordning {
            return None;
        }
        let index = self.people.invert(slot.0);
        (index < self.size).then(|| self.member(index, slot))
    }

    /// The member index of a slot, if the slot is in the population.
    pub fn index_of_slot(&self, slot: Slot) -> Option<u64> {
        let index = self.people.invert(slot.0);
        (slot.0 < slot_count() && index < self.size).then_some(index)
    }

    /// The customer id (kund-id) the registers know the person in `slot` by.
    pub fn customer_id(&self, slot: Slot) -> String {
        format!("K{:010}", self.customers.permute(slot.0))
    }

    /// The slot behind a customer id made by [`Population::customer_id`], if it is a
    /// member's.
    pub fn slot_of_customer(&self, customer_id: &str) -> Option<Slot> {
        let n: u64 = customer_id.strip_prefix('K')?.parse().ok()?;
        if n >= slot_count() || customer_id.len() != 11 {
            return None;
        }
        let slot = Slot(self.customers.invert(n));
        self.index_of_slot(slot).map(|_| slot)
    }
}

/// The canonical 12-digit number of a slot.
fn number(slot: Slot, samordningsnummer: bool) -> Personnummer {
    let birth = slot.birth_date();
    let day = birth.day() + if samordningsnummer { 60 } else { 0 };
    let first11 = format!(
        "{:04}{:02}{:02}{:03}",
        birth.year(),
        birth.month(),
        day,
        slot.serial()
    );
    let digits: Vec<u8> = first11.bytes().skip(2).map(|b| b - b'0').collect();
    let check = luhn_check_digit(&digits);
    let text = format!("{first11}{check}");
    // Made valid by construction; `today` far ahead so no birth date is "in the future".
    let far_future = NaiveDate::from_ymd_opt(9999, 1, 1).unwrap_or(LAST_BIRTH);
    match Personnummer::parse(&text, far_future) {
        Ok(p) => p,
        Err(e) => unreachable!("generated number invalid: {e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn feistel_is_a_permutation_of_small_domains() {
        for domain in [1u64, 2, 3, 10, 1000, 4097] {
            let f = Feistel::new(42, domain);
            let image: HashSet<u64> = (0..domain).map(|x| f.permute(x)).collect();
            assert_eq!(image.len() as u64, domain);
            assert!(image.iter().all(|&y| y < domain));
            assert!((0..domain).all(|x| f.invert(f.permute(x)) == x));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_people_whatever_the_size() {
        let small = Population::new(7, 1_000);
        let large = Population::new(7, 10_000_000);
        for i in 0..1_000 {
            assert_eq!(small.nth(i), large.nth(i));
        }
        let other = Population::new(8, 1_000);
        assert_ne!(small.nth(0), other.nth(0));
    }

    #[test]
    fn numbers_are_unique_valid_and_found_again() {
        let p = Population::new(1, 20_000);
        let mut seen = HashSet::new();
        let mut samordning = 0;
        for i in 0..p.size() {
            let m = p.nth(i).unwrap();
            assert!(seen.insert(m.personnummer.expose().to_owned()));
            assert_eq!(p.find(&m.personnummer), Some(m.clone()));
            samordning += u64::from(m.samordningsnummer);
        }
        // About 1.5 %: a few hundred of 20 000.
        assert!((150..=450).contains(&samordning), "{samordning}");
        assert_eq!(p.nth(p.size()), None);
    }

    #[test]
    fn numbers_outside_the_population_are_not_found() {
        let small = Population::new(1, 1_000);
        let large = Population::new(1, 2_000);
        let outsider = large.nth(1_500).unwrap();
        assert_eq!(small.find(&outsider.personnummer), None);
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let unknown_day = Personnummer::parse("19500160-0005", today);
        if let Ok(p) = unknown_day {
            assert_eq!(large.find(&p), None);
        }
    }

    #[test]
    fn customer_ids_lead_back_to_their_person() {
        let p = Population::new(3, 5_000);
        for i in (0..5_000).step_by(97) {
            let m = p.nth(i).unwrap();
            let cid = p.customer_id(m.slot);
            assert_eq!(p.slot_of_customer(&cid), Some(m.slot));
        }
        assert_eq!(p.slot_of_customer("K99999999999"), None);
        assert_eq!(p.slot_of_customer("X0000000001"), None);
    }

    #[test]
    fn a_persons_sex_is_the_one_their_number_says() {
        let p = Population::new(5, 20_000);
        let mut women = 0;
        for i in 0..p.size() {
            let m = p.nth(i).unwrap();
            let sex_digit = m.personnummer.expose().as_bytes()[10] - b'0';
            assert_eq!(m.slot.woman(), sex_digit.is_multiple_of(2), "person {i}");
            women += u64::from(m.slot.woman());
        }
        assert!((9_000..=11_000).contains(&women), "{women}");
    }

    proptest! {
        #[test]
        fn any_index_round_trips_through_its_number(seed in any::<u64>(), i in 0u64..10_000_000) {
            let p = Population::new(seed, 10_000_000);
            let m = p.nth(i).unwrap();
            prop_assert_eq!(p.find(&m.personnummer).map(|m| m.index), Some(i));
            prop_assert!((FIRST_BIRTH..=LAST_BIRTH).contains(&m.slot.birth_date()));
        }
    }
}
