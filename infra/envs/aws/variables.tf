variable "region" {
  type    = string
  default = "eu-north-1"
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
  type    = string
  default = "lefi"
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
  type    = number
  default = 24
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

variable "truststore_bucket_name" {
  type    = string
  default = null
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

variable "log_retention_days" {
  type    = number
  default = 365
}

variable "alarm_topic_arn" {
  type    = string
  default = null
}
