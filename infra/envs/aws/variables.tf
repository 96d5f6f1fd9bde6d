variable "region" {
  type    = string
  default = "eu-north-1"
}

variable "environment" {
  description = "prod, test, …: a tag."
  type        = string
  default     = "prod"
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
  description = "Base URL of the registries' API."
  type        = string
  default     = null
}

variable "registry_concurrency" {
  type    = number
  default = 50
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
  description = "ACM certificate for domain_name in var.region."
  type        = string
}

variable "truststore_bucket_name" {
  type    = string
  default = null
}

variable "truststore_file" {
  description = "PEM file with the CA certificates of the partners' client certificates."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer managed key for tables, logs, environments and the truststore bucket (its policy must allow CloudWatch Logs)."
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
