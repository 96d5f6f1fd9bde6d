variable "name" {
  description = "The stack's name: the role is <name>-operator."
  type        = string
}

variable "principal_arns" {
  description = "Who may assume the role: IAM roles or users (an Identity Center permission set's role, a break-glass user) or an account's root."
  type        = list(string)

  validation {
    condition     = length(var.principal_arns) > 0
    error_message = "Name at least one principal that may assume the operator role."
  }
  # AWS refuses a trust policy naming a malformed principal; moto stores anything. A
  # wildcard would let any principal of any account in.
  validation {
    condition = alltrue([for p in var.principal_arns :
    can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+)$", p))])
    error_message = "Each principal must be an IAM role, user or account-root ARN (arn:aws:iam::<12 digits>:role/…), with no wildcard."
  }
}

variable "table_arns" {
  description = "The store's tables by name (the tables module's arns): directory, audit and usage are used."
  type        = map(string)

  validation {
    condition     = alltrue([for t in ["directory", "audit", "usage"] : contains(keys(var.table_arns), t)])
    error_message = "table_arns must name the directory, audit and usage tables."
  }
}

variable "pnr_keys_secret_arn" {
  description = "The personnummer keys' secret (portal users in partner files, audit search by person)."
  type        = string
}

variable "kms_key_arn" {
  description = "The stack's customer managed key, when there is one (the tables and the secret are encrypted with it)."
  type        = string
  default     = null
}

variable "extra_statements" {
  description = "More Allow statements, e.g. the daily seal's bucket and signing key (A3): sid, actions, resources. No wildcard action."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.extra_statements : can(regex("^[A-Za-z0-9]+$", s.sid))])
    error_message = "A statement's Sid is letters and digits only (IAM's rule)."
  }
  validation {
    condition     = alltrue([for s in var.extra_statements : alltrue([for a in s.actions : !strcontains(a, "*")])])
    error_message = "Least privilege: name each action, no wildcard."
  }
}

variable "require_mfa" {
  description = "Only a principal signed in with MFA may assume the role (aws:MultiFactorAuthPresent). Off for roles assumed through Identity Center, whose sessions do not carry it."
  type        = bool
  default     = false
}

variable "max_session_seconds" {
  description = "How long an assumed session lasts (IAM: 3600–43200)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_seconds >= 3600 && var.max_session_seconds <= 43200
    error_message = "IAM allows a maximum session duration between 3600 and 43200 seconds."
  }
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
