//! Organisation numbers (P1, P2). STUB: being written on branch `pnr`.

/// A valid Swedish organisation number, 10 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Organisationsnummer {
    digits: String,
}

impl Organisationsnummer {
    pub fn parse(input: &str) -> Result<Self, OrgnrError> {
        Ok(Self { digits: input.to_owned() })
    }
    pub fn as_str(&self) -> &str {
        &self.digits
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrgnrError {
    #[error("organisationsnumret har fel format")]
    Format,
}
