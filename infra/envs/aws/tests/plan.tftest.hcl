# envs/aws planned with realistic variables, offline (the provider is mocked: no account
# is reachable from here). scripts/lib/infra.sh runs `terraform test` in envs/aws with
# `-var lambda_dir=…` (placeholder zips). The PEMs beside this file are throw-away
# self-signed CAs, only for the plan. README "Deploy" walks through the same variables.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-north-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\": \"2012-10-17\", \"Statement\": []}" }
  }
}

variables {
  environment                            = "prod"
  registry_url                           = "https://registries.internal.example.se"
  registry_ca_file                       = "tests/registries-ca.pem"
  registry_vpc                           = { subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"], security_group_ids = ["sg-0123456789abcdef0"] }
  domain_name                            = "lefi.api.example.se"
  certificate_arn                        = "arn:aws:acm:eu-north-1:111122223333:certificate/11111111-2222-3333-4444-555555555555"
  ownership_verification_certificate_arn = "arn:aws:acm:eu-north-1:111122223333:certificate/66666666-7777-8888-9999-000000000000"
  truststore_file                        = "tests/partners-ca.pem"
  portal_domain_name                     = "portal.lefi.example.se"
  portal_certificate_arn                 = "arn:aws:acm:eu-north-1:111122223333:certificate/77777777-8888-9999-0000-111111111111"
  portal_saml_metadata_url               = "https://md.swedenconnect.se/role/idp.xml"
  alarm_topic_arn                        = "arn:aws:sns:eu-north-1:111122223333:lefi-alarms"
  opening_exceptions                     = ["closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll"]
}

run "a_production_deployment_plans" {
  command = plan

  assert {
    condition     = output.endpoint == "https://lefi.api.example.se"
    error_message = "partners reach the custom domain"
  }
  assert {
    condition     = output.portal_url == "https://portal.lefi.example.se"
    error_message = "people reach the portal on its own domain"
  }
  assert {
    condition     = output.portal_login.callback_url == "https://portal.lefi.example.se/inloggning/klar"
    error_message = "the login calls back to the portal's domain"
  }
  assert {
    condition     = output.timeouts.gateway_function_ms < output.timeouts.api_integration_ms
    error_message = "the timeouts nest: ${jsonencode(output.timeouts)}"
  }
}

run "a_deployment_without_registries_does_not_plan" {
  command = plan

  variables {
    registry_url = null
  }
  expect_failures = [var.registry_url]
}

run "the_portal_on_the_partners_domain_does_not_plan" {
  command = plan

  variables {
    portal_domain_name = "lefi.api.example.se"
  }
  expect_failures = [var.portal_domain_name]
}

run "a_login_certificate_outside_us_east_1_does_not_plan" {
  command = plan

  variables {
    portal_login_domain_name     = "login.lefi.example.se"
    portal_login_certificate_arn = "arn:aws:acm:eu-north-1:111122223333:certificate/22222222-3333-4444-5555-666666666666"
  }
  expect_failures = [var.portal_login_certificate_arn]
}

run "a_tag_aws_would_refuse_does_not_plan" {
  command = plan

  variables {
    environment = "prod (main)"
  }
  expect_failures = [var.environment]
}
