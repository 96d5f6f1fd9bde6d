# The operator role (A1–A3), at plan time with a mocked provider: least privilege, and
# what AWS would refuse that moto accepts. scripts/lib/infra_check.py checks the role
# moto made from envs/localstack.

mock_provider "aws" {}

variables {
  name = "lefi"
  principal_arns = [
    "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-north-1/AWSReservedSSO_LefiOperator_0123456789abcdef",
  ]
  table_arns = {
    directory   = "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-directory"
    audit       = "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-audit"
    usage       = "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-usage"
    idempotency = "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-idempotency"
    sessions    = "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-sessions"
  }
  pnr_keys_secret_arn = "arn:aws:secretsmanager:eu-north-1:111122223333:secret:lefi-pnr-keys-AbCdEf"
}

run "a1_the_operator_may_do_exactly_what_the_tool_needs" {
  command = plan

  assert {
    condition = jsonencode({ for s in output.policy : s.Sid => sort(s.Action) }) == jsonencode({
      AuditAppendAndRead = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      Directory          = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"]
      PnrKeys            = ["secretsmanager:GetSecretValue"]
      UsageRead          = ["dynamodb:GetItem", "dynamodb:Query"]
    })
    error_message = "the operator's actions, statement by statement"
  }
  assert {
    condition     = alltrue([for s in output.policy : s.Effect == "Allow" && alltrue([for a in s.Action : !strcontains(a, "*")])])
    error_message = "no wildcard action"
  }
  assert {
    # Sessions and idempotency keys are the edge's, not the operator's; no audit update or delete.
    condition = !anytrue([for s in output.policy : anytrue([for r in s.Resource :
    strcontains(r, "lefi-sessions") || strcontains(r, "lefi-idempotency")])])
    error_message = "the operator touches no session or idempotency key"
  }
  assert {
    condition     = !anytrue([for s in output.policy : contains(s.Action, "dynamodb:UpdateItem") || (s.Sid == "AuditAppendAndRead" && contains(s.Action, "dynamodb:DeleteItem"))])
    error_message = "the audit stays append-only (P5) and usage is metered only by the workflow"
  }
  assert {
    condition     = contains(one([for s in output.policy : s.Resource if s.Sid == "AuditAppendAndRead"]), "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-audit/index/*")
    error_message = "the audit's indexes (by partner and day, by day, by subject) may be queried"
  }
  assert {
    condition     = jsonencode(jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.AWS) == jsonencode(var.principal_arns)
    error_message = "exactly the given principals may assume the role"
  }
  assert {
    condition     = !strcontains(aws_iam_role.this.assume_role_policy, "Condition")
    error_message = "no Condition (and no null one, which IAM refuses) without MFA"
  }
}

run "the_seals_statements_and_the_stacks_key_are_added" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-north-1:111122223333:key/0b6a1c1e-1111-2222-3333-444455556666"
    extra_statements = [{
      sid       = "SealRead"
      actions   = ["s3:GetObject", "kms:GetPublicKey"]
      resources = ["arn:aws:s3:::lefi-seals/*"]
    }]
  }

  assert {
    condition     = [for s in output.policy : s.Sid] == ["Directory", "AuditAppendAndRead", "UsageRead", "PnrKeys", "PnrKeysKms", "SealRead"]
    error_message = "the key for the secret, then the extra statements"
  }
}

run "a_wildcard_principal_fails_the_plan" {
  command = plan

  variables {
    principal_arns = ["*"]
  }
  expect_failures = [var.principal_arns]
}

run "a_malformed_principal_fails_the_plan" {
  command = plan

  variables {
    principal_arns = ["arn:aws:iam::1234:role/operator"]
  }
  expect_failures = [var.principal_arns]
}

run "no_principal_fails_the_plan" {
  command = plan

  variables {
    principal_arns = []
  }
  expect_failures = [var.principal_arns]
}

run "a_wildcard_extra_action_fails_the_plan" {
  command = plan

  variables {
    extra_statements = [{ sid = "Seal", actions = ["s3:*"], resources = ["arn:aws:s3:::lefi-seals/*"] }]
  }
  expect_failures = [var.extra_statements]
}

run "a_session_longer_than_iam_allows_fails_the_plan" {
  command = plan

  variables {
    max_session_seconds = 86400
  }
  expect_failures = [var.max_session_seconds]
}

run "a_role_name_over_64_characters_fails_the_plan" {
  command = plan

  variables {
    name = "lefi-a-very-long-stack-name-that-no-one-should-choose-for-iam-x"
  }
  expect_failures = [aws_iam_role.this]
}

run "mfa_can_be_required" {
  command = plan

  variables {
    require_mfa = true
  }
  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.Bool["aws:MultiFactorAuthPresent"] == "true"
    error_message = "MFA in the trust policy"
  }
}
