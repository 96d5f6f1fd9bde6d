variable "region" {
  description = "The AWS region of the stack."
  type        = string
  default     = "eu-north-1"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", var.region))
    error_message = "region is an AWS region code, e.g. eu-north-1."
  }
}

variable "environment" {
  description = "prod, test, …: a tag on every resource (letters, digits, spaces and _ . : / = + - only)."
  type        = string
  default     = "prod"
  validation {
    condition     = can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{0,256}$", var.environment))
    error_message = "environment is a tag value: only letters, digits, spaces and _ . : / = + - (DynamoDB refuses anything else)."
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
  description = "scripts/package's output: $CARGO_TARGET_DIR/lambda (or target/lambda)."
  type        = string
  default     = "../../../target/lambda"
}

variable "registry_url" {
  description = "Base URL of the registries' API, https://… Required unless simulators_enabled."
  type        = string
  default     = null
  validation {
    condition     = var.simulators_enabled || can(regex("^https://[^/\\s]+", var.registry_url))
    error_message = "registry_url is required (https://…, the registries' base URL) unless simulators_enabled = true: without it every query would fail."
  }
}

variable "registry_ca_file" {
  description = "PEM file with the CA certificate(s) of the registries' server certificates when they have a private CA (then only these are trusted for them); null: the public roots. At most 3500 characters (it travels in the functions' environment)."
  type        = string
  default     = null
}

variable "registry_vpc" {
  description = "Subnets and security groups for the two functions that call the registries, when those are on an internal network (README \"Deploy\": what the subnets need); null: no VPC."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}

variable "registry_concurrency" {
  description = "Reserved concurrency of lookup-person and fetch-benefit each; null (default): none. Only when the account's quota leaves 100 unreserved executions after it (README \"Deploy\")."
  type        = number
  default     = null
}

variable "max_concurrency" {
  description = "The FetchBenefits Map's MaxConcurrency (0: no limit)."
  type        = number
  default     = 24
  validation {
    condition     = var.max_concurrency >= 0 && var.max_concurrency <= 1000 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency is a whole number from 0 to 1000 (0: no limit)."
  }
}

variable "simulators_enabled" {
  description = "A test environment: deploy the registry simulator and use it."
  type        = bool
  default     = false
}

variable "opening_exceptions" {
  description = "O4's exceptions from the SLA (maintenance closures, extra openings), one per entry: \"closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll\"."
  type        = list(string)
  default     = []
}

variable "domain_name" {
  description = "The partners' host name."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name in var.region, issued (status ISSUED)."
  type        = string
}

variable "ownership_verification_certificate_arn" {
  description = "A public ACM certificate for domain_name, needed only when certificate_arn was imported into ACM or issued by a private CA (mutual TLS needs proof of the domain)."
  type        = string
  default     = null
}

variable "portal_domain_name" {
  description = "The portal's host name (e.g. portal.lefi.example.se): TLS without client certificates, apart from the partners' domain_name."
  type        = string
  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.portal_domain_name)) && var.portal_domain_name != var.domain_name
    error_message = "portal_domain_name is a lowercase host name of its own, e.g. portal.lefi.example.se: not the partners' domain_name (that one requires client certificates)."
  }
}

variable "portal_certificate_arn" {
  description = "ACM certificate for portal_domain_name in var.region, issued (status ISSUED)."
  type        = string
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.portal_certificate_arn))
    error_message = "portal_certificate_arn is an ACM certificate ARN (arn:aws:acm:…) in var.region."
  }
}

variable "portal_saml_metadata_url" {
  description = "The e-legitimation IdP's SAML metadata (https): the Sweden Connect IdP or proxy the portal federates (docs/infra.md: what to register with the federation)."
  type        = string
  validation {
    condition     = can(regex("^https://[^/\\s]+(/\\S*)?$", var.portal_saml_metadata_url))
    error_message = "portal_saml_metadata_url is an https:// URL (the IdP's metadata holds the certificate every assertion is checked against)."
  }
}

variable "portal_login_domain_prefix" {
  description = "The login's Cognito prefix domain (<prefix>.auth.<region>.amazoncognito.com); null: <name>-login-<account id>."
  type        = string
  default     = null
}

variable "portal_login_domain_name" {
  description = "A custom domain for the login instead (e.g. login.lefi.example.se); null for the prefix domain."
  type        = string
  default     = null
}

variable "portal_login_certificate_arn" {
  description = "ACM certificate for portal_login_domain_name, in us-east-1 (Cognito's rule for custom domains)."
  type        = string
  default     = null
  validation {
    condition     = var.portal_login_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:", var.portal_login_certificate_arn))
    error_message = "portal_login_certificate_arn is an ACM certificate in us-east-1: Cognito takes a custom domain's certificate from there only."
  }
}

variable "truststore_bucket_name" {
  description = "The mTLS truststore's bucket; null: <name>-truststore-<account id>."
  type        = string
  default     = null
  validation {
    condition     = var.truststore_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.truststore_bucket_name))
    error_message = "truststore_bucket_name is null or an S3 bucket name: 3-63 lowercase letters, digits, . and -."
  }
}

variable "truststore_file" {
  description = "PEM file with the CA certificates of the partners' client certificates."
  type        = string
}

variable "create_kms_key" {
  description = "The stack makes its own customer managed key (with the policy CloudWatch Logs needs) for tables, the keys' secret, environments and logs. Ignored when kms_key_arn is set; false for AWS's keys."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "A customer managed key of your own instead of the stack's; its policy must let CloudWatch Logs use it (README \"Deploy\" gives the statement)."
  type        = string
  default     = null
}

variable "seal_retention_days" {
  description = "Days each day's audit seal (A3) stays under COMPLIANCE Object Lock: irrevocable once written, so set it from the agency's retention decision for the audit."
  type        = number
  default     = 3653
  validation {
    condition     = floor(var.seal_retention_days) == var.seal_retention_days && var.seal_retention_days >= 1 && var.seal_retention_days <= 36500
    error_message = "seal_retention_days is a whole number of days from 1 to 36500 (S3 Object Lock's range)."
  }
}

variable "log_retention_days" {
  description = "Days the functions', workflow's and API's logs are kept."
  type        = number
  default     = 365
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarm and OK notifications; null for none."
  type        = string
  default     = null
  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_topic_arn))
    error_message = "alarm_topic_arn is null or an SNS topic ARN (arn:aws:sns:…)."
  }
}

variable "operator_principal_arns" {
  description = "Who may assume the operator role (lefi-admin --dynamodb): e.g. the Identity Center permission set's role. Empty: no operator role."
  type        = list(string)
  default     = []
}

variable "operator_require_mfa" {
  description = "The operator role only with MFA (for IAM users; Identity Center sessions do not carry the flag)."
  type        = bool
  default     = false
}
