# DynamoDB refuses a CreateTable whose tag values hold anything but letters, digits,
# spaces and + - = . _ : / — moto accepts them, so this plan-time check is the only one
# before AWS (issue 13, item 1). `terraform test` in this folder's module, offline: the
# provider is mocked. scripts/lib/infra.sh runs it.

mock_provider "aws" {}

variables {
  prefix          = "lefi"
  definition_file = "../../../shared/lefi-store/tables.json"
}

run "every_purpose_in_tables_json_is_a_valid_tag_value" {
  command = plan

  assert {
    condition     = length(aws_dynamodb_table.this) == length(jsondecode(file(var.definition_file)).tables)
    error_message = "one table per tables.json entry"
  }
  assert {
    condition = alltrue([for t in jsondecode(file(var.definition_file)).tables :
    aws_dynamodb_table.this[t.name].tags.purpose == t.purpose])
    error_message = "each table carries its purpose as a tag"
  }
}

run "a_purpose_aws_would_refuse_fails_the_plan" {
  command = plan

  variables {
    definition_file = "tests/refused-purpose.json"
  }
  expect_failures = [var.definition_file]
}

run "a_tag_aws_would_refuse_fails_the_plan" {
  command = plan

  variables {
    tags = { owner = "team (LEFI)" }
  }
  expect_failures = [var.tags]
}

run "a_tag_key_of_aws_itself_fails_the_plan" {
  command = plan

  variables {
    tags = { "aws:owner" = "LEFI" }
  }
  expect_failures = [var.tags]
}
