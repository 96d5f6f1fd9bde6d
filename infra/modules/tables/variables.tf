variable "prefix" {
  description = "Table names are <prefix>-<name>; the functions get the same prefix as LEFI_TABLE_PREFIX."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,200}$", var.prefix))
    error_message = "prefix is letters, digits, _ . and - (DynamoDB table names)."
  }
}

variable "definition_file" {
  description = "The store's table definition (shared/lefi-store/tables.json)."
  type        = string
  validation {
    # Each table's purpose becomes its purpose tag: DynamoDB refuses a CreateTable whose
    # tag value holds anything but letters, digits, spaces and + - = . _ : /.
    condition = alltrue([for t in jsondecode(file(var.definition_file)).tables :
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{0,256}$", t.purpose))
    ])
    error_message = "A table's purpose in tables.json is not a valid tag value: only letters, digits, spaces and _ . : / = + - (at most 256 characters)."
  }
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
