variable "name" {
  type = string
}

variable "gateway_function_name" {
  type = string
}

variable "gateway_invoke_arn" {
  type = string
}

variable "custom_domain_enabled" {
  description = "Custom domain with mutual TLS (and the execute-api endpoint off). Off only in test roots: moto has no mTLS domains."
  type        = bool
  default     = true
}

variable "domain_name" {
  description = "The partners' host name, e.g. lefi.api.example.se."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name, in the stack's region."
  type        = string
  default     = null
}

variable "truststore_bucket_name" {
  description = "S3 bucket for the mTLS truststore (globally unique name)."
  type        = string
}

variable "truststore_pem" {
  description = "The truststore's content: PEM CA certificates of the partners' client certificates. null: upload it yourself to s3://<bucket>/truststore/<name>-truststore.pem (no custom domain then)."
  type        = string
  default     = null
}

variable "truststore_lifecycle_enabled" {
  description = "Expire old truststore versions after 90 days. Off only in the moto test root: against moto the provider waits ≈55 s for the configuration to settle."
  type        = bool
  default     = true
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady requests per second."
  type        = number
  default     = 200
}

variable "throttling_burst_limit" {
  type    = number
  default = 400
}

variable "integration_timeout_ms" {
  description = "HTTP APIs allow at most 30 s; the workflow's own timeout is 60 s, but a sync answer must come sooner."
  type        = number
  default     = 29000
}

variable "log_retention_days" {
  type    = number
  default = 90
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "force_destroy" {
  description = "Let destroy empty the truststore bucket (test roots)."
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
