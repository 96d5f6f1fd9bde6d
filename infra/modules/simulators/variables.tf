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
  type    = map(string)
  default = {}
}
