variable "name" {
  description = "Prefix of the simulator's resources."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name is a prefix of 1-32 characters: lowercase letters, digits and -, starting with a letter (it names buckets, tables, functions and roles)."
  }
}

variable "zip_path" {
  description = "lefi-registry-sim-lambda's bootstrap.zip from scripts/package."
  type        = string
}

variable "seed" {
  description = "The simulated population's seed (LEFI_SIM_SEED): the same seed, the same people."
  type        = number
  default     = 2009
  validation {
    condition     = var.seed >= 0 && floor(var.seed) == var.seed
    error_message = "seed is a whole number, 0 or more."
  }
}

variable "population" {
  description = "People in the simulated population register (LEFI_SIM_POPULATION)."
  type        = number
  default     = 100000
  validation {
    condition     = var.population >= 1 && var.population <= 100000000 && floor(var.population) == var.population
    error_message = "population is a whole number from 1 to 100000000 (people)."
  }
}

variable "faults" {
  description = "Fault knobs by registry (docs/simulators.md), e.g. { \"*\" = { latency_ms = 20 } }."
  type        = any
  default     = {}
}

variable "log_retention_days" {
  description = "Days the simulator's logs are kept."
  type        = number
  default     = 14
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days is one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
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
