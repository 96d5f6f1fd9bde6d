//! Personnummer and samordningsnummer (V1). STUB: being written on branch `pnr`.

use chrono::NaiveDate;

/// Why a string is not a valid personnummer (V1). Several may apply at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum PnrError {
    /// Not 10/12 digits with an allowed separator, or birth number 000.
    #[error("personnumret har fel format")]
    Format,
    /// The last digit is not the Luhn check digit of the nine before it.
    #[error("personnumrets kontrollsiffra stämmer inte")]
    Checksum,
    /// The date part is not a real date, or lies after today.
    #[error("personnumrets datum är inte ett giltigt datum")]
    Date,
}

/// Whether the number is a personnummer or a samordningsnummer (day + 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Personnummer,
    Samordningsnummer,
}

/// A valid personnummer or samordningsnummer, held in canonical 12-digit form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    digits: String,
}

impl std::fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Personnummer(***)")
    }
}

impl Personnummer {
    /// Parses 10 or 12 digits (V1), resolving a 10-digit number's century against `today`.
    pub fn parse(_input: &str, _today: NaiveDate) -> Result<Self, Vec<PnrError>> {
        Err(vec![PnrError::Format])
    }
    /// The canonical 12 digits `YYYYMMDDNNNC`. The only way to see the number.
    pub fn expose(&self) -> &str {
        &self.digits
    }
    pub fn kind(&self) -> IdKind {
        IdKind::Personnummer
    }
    pub fn birth_year(&self) -> i32 {
        0
    }
}
