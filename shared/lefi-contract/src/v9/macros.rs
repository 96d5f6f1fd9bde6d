//! The contract's enums, written once: string enums and integer enums.

/// Declares a v9 string enum: a Rust enum whose serde form is the contract's code, with
/// `ALL` (the contract's order), `code()` and `from_code()`.
macro_rules! v9_code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($variant:ident = $code:literal,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(
                #[doc = concat!("`", $code, "`")]
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The code on the wire.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// The value with this code: an exact match, as codes are case-sensitive.
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// Declares a v9 integer enum (`type: integer` with `enum`): a Rust enum whose serde form
/// is the contract's number, with `ALL` (the contract's order), `code()` and
/// `from_code()`. Variants are named as the contract's `x-enum-varnames` say.
macro_rules! v9_int_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($variant:ident = $code:literal,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(into = "u16", try_from = "u16")]
        pub enum $name {
            $(
                #[doc = concat!("`", stringify!($code), "`")]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The number on the wire.
            pub fn code(self) -> u16 {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// The value with this number, if the contract has it.
            pub fn from_code(code: u16) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }

        impl From<$name> for u16 {
            fn from(value: $name) -> u16 {
                value.code()
            }
        }

        impl TryFrom<u16> for $name {
            type Error = String;
            fn try_from(code: u16) -> Result<Self, String> {
                Self::from_code(code)
                    .ok_or_else(|| format!("{code} is not a {} of v9", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }
    };
}
