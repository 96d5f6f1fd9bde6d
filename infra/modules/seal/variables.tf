variable "name" {
  description = "The stack's name: prefixes the function, key alias, bucket, schedule and roles."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}$", var.name))
    error_message = "name is 1-31 lower-case letters, digits and - (it prefixes an S3 bucket name)."
  }
}

variable "zip_path" {
  description = "The seal function's bootstrap.zip from scripts/package."
  type        = string
}

variable "description" {
  description = "The seal function's description (from infra/functions.json)."
  type        = string
  default     = "Seals a day of the audit (A3)"
}

variable "memory_size" {
  description = "The seal function's memory in MB: a day's records and its manifest are held in memory (BENCHMARKS.md: the seal at 1 M records)."
  type        = number
  default     = 3008
}

variable "timeout" {
  description = "The seal function's timeout in seconds (a whole day is read, hashed and written)."
  type        = number
  default     = 900
  validation {
    condition     = var.timeout >= 60 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout is a whole number from 60 to 900 seconds."
  }
}

variable "environment" {
  description = "The stack's variables the function reads besides the seal's own (LEFI_TABLE_PREFIX); the module adds LEFI_SEAL_KEY_ID, LEFI_SEAL_BUCKET and LEFI_SEAL_RETENTION_DAYS."
  type        = map(string)
  default     = {}
}

variable "audit_table_arn" {
  description = "The audit table's ARN: the function may Query its by-day index only."
  type        = string
}

variable "audit_day_index" {
  description = "The audit table's index of records by Stockholm day (shared/lefi-store/tables.json)."
  type        = string
  default     = "by-day"
}

variable "retention_days" {
  description = "Days each day's manifest is kept under COMPLIANCE Object Lock (nobody, not even the account's root user, can delete or overwrite it before then). Also the bucket's default retention."
  type        = number
  validation {
    # S3 refuses a retention of 0 days; moto does not (local check). The upper bound is
    # S3's own for default retention (100 years).
    condition     = floor(var.retention_days) == var.retention_days && var.retention_days >= 1 && var.retention_days <= 36500
    error_message = "retention_days is a whole number of days from 1 to 36500 (S3 Object Lock's range)."
  }
}

variable "key_spec" {
  description = "The signing key's spec. The seal signs with ECDSA P-256 (lefi_seal::manifest::ALGORITHM), so only ECC_NIST_P256 works."
  type        = string
  default     = "ECC_NIST_P256"
  validation {
    # SYMMETRIC_DEFAULT and HMAC keys cannot SIGN_VERIFY, and the code verifies P-256
    # only; moto would create any of them.
    condition     = var.key_spec == "ECC_NIST_P256"
    error_message = "key_spec is ECC_NIST_P256: an asymmetric key that can SIGN_VERIFY with ECDSA_SHA_256, which the seal's code verifies."
  }
}

variable "bucket_name" {
  description = "The manifests' bucket; null: <name>-audit-seal-<account id>."
  type        = string
  default     = null
  validation {
    condition     = var.bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name is 3-63 lower-case letters, digits, . and - (S3's rule)."
  }
}

variable "schedule_expression" {
  description = "When the day before is sealed, in schedule_timezone: after midnight, late enough for the last records of the day to be written."
  type        = string
  default     = "cron(30 0 * * ? *)"
  validation {
    condition     = can(regex("^cron\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression is a cron(...) expression (a daily run)."
  }
}

variable "schedule_timezone" {
  description = "The schedule's time zone. The function seals the day before the scheduled time in Stockholm, so the schedule runs on Stockholm time too."
  type        = string
  default     = "Europe/Stockholm"
  validation {
    # moto stores any string (and UTC when none): this is the only check before AWS. In
    # UTC, a 00:30 run would be 01:30 or 02:30 in Stockholm: still after midnight, but the
    # schedule would drift by an hour with daylight saving time.
    condition     = var.schedule_timezone == "Europe/Stockholm"
    error_message = "schedule_timezone is Europe/Stockholm: the audit's days are Stockholm days (docs/audit.md)."
  }
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 90
}

variable "kms_key_arn" {
  description = "The stack's customer managed key for the bucket, logs and environment; null: AWS's keys (SSE-S3 for the bucket)."
  type        = string
  default     = null
}

variable "kms_enabled" {
  description = "Whether kms_key_arn is given: known at plan time even when the stack makes the key in the same apply (its ARN is not)."
  type        = bool
  default     = false
  validation {
    condition     = !var.kms_enabled || var.kms_key_arn != null
    error_message = "kms_enabled needs kms_key_arn."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
