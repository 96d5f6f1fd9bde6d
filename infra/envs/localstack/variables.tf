variable "endpoint" {
  description = "The AWS-compatible server (scripts/lib/infra.sh passes the moto server's)."
  type        = string
  default     = "http://localhost:4566"
}

variable "api_enabled" {
  description = "The HTTP API: LocalStack's community edition lacks API Gateway v2 (a paid feature), so off by default; the test turns it on (moto has it)."
  type        = bool
  default     = false
}

variable "portal_login_enabled" {
  description = "The portal's Cognito login: LocalStack's community edition lacks Cognito (a paid feature), so off by default; the test turns it on with api_enabled (moto has both)."
  type        = bool
  default     = false
}

variable "portal_saml_metadata_url" {
  description = "The e-legitimation IdP's SAML metadata URL. Stored, never fetched, by the local servers: a placeholder does."
  type        = string
  default     = "https://idp.example.invalid/metadata"
}

variable "max_retries" {
  description = "The provider's retries: low, so a call the server lacks fails fast (the test sets 1)."
  type        = number
  default     = 2
}

variable "truststore_lifecycle_enabled" {
  description = "moto: the provider waits ≈55 s for a lifecycle configuration to settle, so the test turns it off."
  type        = bool
  default     = true
}

variable "opening_exceptions" {
  description = "O4's exceptions (modules/stack)."
  type        = list(string)
  default     = []
}

variable "region" {
  description = "The region the local server answers for."
  type        = string
  default     = "eu-north-1"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", var.region))
    error_message = "region is an AWS region code, e.g. eu-north-1."
  }
}

variable "name" {
  description = "Prefix of every resource name (modules/stack's name)."
  type        = string
  default     = "lefi"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name is a prefix of 1-32 characters: lowercase letters, digits and -, starting with a letter (it names buckets, tables, functions and roles)."
  }
}

variable "lambda_dir" {
  description = "scripts/package's output."
  type        = string
  default     = "../../../target/lambda"
}

# Fixed keys for local and test stacks only, put into the stack's secret: they protect
# nobody's data.
variable "pnr_mac_key" {
  description = "Development MAC key for personnummer digests (64 hex); local and test stacks only."
  type        = string
  sensitive   = true
  default     = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.pnr_mac_key))
    error_message = "pnr_mac_key is 64 lowercase hex digits (32 bytes)."
  }
}

variable "pnr_seal_key" {
  description = "Development key that seals kept answers (64 hex); local and test stacks only."
  type        = string
  sensitive   = true
  default     = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.pnr_seal_key))
    error_message = "pnr_seal_key is 64 lowercase hex digits (32 bytes)."
  }
}

variable "truststore_pem" {
  description = "Uploaded to the truststore bucket (no mTLS domain here, so any PEM does)."
  type        = string
  default     = null
}
