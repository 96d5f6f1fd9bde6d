# The operator's role (SPEC §10, A1–A3): what `lefi-admin --dynamodb` needs and nothing
# more, assumable by the principals given. The tool runs in the operator's own process
# against DynamoDB, so the role is its whole authority:
#   directory  read and write partners, certificate mappings, portal users (A1)
#   audit      append the record of each change (A1, P5), read by day, partner, person (A2, A3)
#   usage      read the month's counts (A2); never write them: only the workflow meters
#   keys       the personnummer keys' secret (portal users in a partner file, `audit person`)
#   extra      what the lead wires later (the seal's bucket and signing key, A3)
# The policy is JSON built here, not a data source, so `terraform test` reads the very
# statements AWS gets.

locals {
  role_name = "${var.name}-operator"

  statements = concat(
    [
      {
        Sid    = "Directory"
        Effect = "Allow"
        # Scan: `agreements list` (the directory is one item per partner, certificate
        # and portal user: small, and listed only by the operator).
        Action   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"]
        Resource = [var.table_arns.directory]
      },
      {
        Sid    = "AuditAppendAndRead"
        Effect = "Allow"
        # PutItem only with the store's attribute_not_exists(id): no update, no delete.
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
        Resource = [var.table_arns.audit, "${var.table_arns.audit}/index/*"]
      },
      {
        Sid      = "UsageRead"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Query"]
        Resource = [var.table_arns.usage]
      },
      {
        Sid      = "PnrKeys"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [var.pnr_keys_secret_arn]
      },
    ],
    var.kms_key_arn == null ? [] : [{
      # The keys' secret is encrypted with the stack's key (as for the functions).
      Sid      = "PnrKeysKms"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = [var.kms_key_arn]
    }],
    [for s in var.extra_statements : {
      Sid      = s.sid
      Effect   = "Allow"
      Action   = s.actions
      Resource = s.resources
    }],
  )

  policy = jsonencode({ Version = "2012-10-17", Statement = local.statements })

  assume = jsonencode({
    Version = "2012-10-17"
    # No "Condition": null without MFA: IAM refuses a null where an object belongs.
    Statement = [merge(
      {
        Sid       = "Operators"
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = var.principal_arns }
      },
      var.require_mfa ? { Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } } : {},
    )]
  })
}

resource "aws_iam_role" "this" {
  name                 = local.role_name
  description          = "LEFI Online (${var.name}): the operator tool, lefi-admin --dynamodb"
  assume_role_policy   = local.assume
  max_session_duration = var.max_session_seconds
  tags                 = var.tags

  lifecycle {
    # AWS refuses a role name over 64 characters; moto does not.
    precondition {
      condition     = length(local.role_name) <= 64
      error_message = "The operator role's name (${local.role_name}) is longer than IAM's 64 characters."
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "operator"
  role   = aws_iam_role.this.id
  policy = local.policy

  lifecycle {
    # AWS: a role's inline policies total at most 10 240 characters (whitespace aside).
    precondition {
      condition     = length(local.policy) <= 10240
      error_message = "The operator policy is over IAM's 10 240 characters: fewer extra statements."
    }
  }
}
