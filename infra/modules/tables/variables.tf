variable "prefix" {
  description = "Table names are <prefix>-<name>; the functions get the same prefix as LEFI_TABLE_PREFIX."
  type        = string
}

variable "definition_file" {
  description = "The store's table definition (shared/lefi-store/tables.json)."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the tables; null uses the AWS owned key."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Refuse DeleteTable (on in AWS; off in test roots, which destroy the stack)."
  type        = bool
  default     = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
