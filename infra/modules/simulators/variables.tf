variable "name" {
  type = string
}

variable "zip_path" {
  description = "lefi-registry-sim-lambda's bootstrap.zip from scripts/package."
  type        = string
}

variable "seed" {
  type    = number
  default = 2009
}

variable "population" {
  type    = number
  default = 100000
}

variable "faults" {
  description = "Fault knobs by registry (docs/simulators.md), e.g. { \"*\" = { latency_ms = 20 } }."
  type        = any
  default     = {}
}

variable "log_retention_days" {
  type    = number
  default = 14
}

variable "tags" {
  description = "Tags for every resource. Keys (1-128 characters) and values (0-256) may hold only letters, digits, spaces and _ . : / = + - (DynamoDB refuses anything else)."
  type        = map(string)
  default     = {}
  validation {
    # DynamoDB's rule, the strictest of the stack's services: "letters, white space, and
    # numbers, plus + - = . _ : /" (its developer guide; AWS's general tag pattern,
    # ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$, also allows @, which DynamoDB does not list).
    condition = alltrue([for k, v in var.tags :
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{1,128}$", k)) &&
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{0,256}$", v)) &&
      !startswith(lower(k), "aws:")
    ])
    error_message = "A tag key (1-128 characters) or value (0-256) holds a character AWS refuses: only letters, digits, spaces and _ . : / = + - are allowed, and no key may start with aws:."
  }
}
