# LEFI Online on a local AWS-compatible server: thin root; every AWS service the stack
# uses points at var.endpoint. Two users: developers with LocalStack on :4566 (README
# "Deploy to LocalStack"), and scripts/test, which applies and destroys it against the
# moto server it starts (scripts/lib/moto_serial.py answers the Step Functions calls moto
# lacks). The custom domains are off: neither server has mTLS domains, and moto's domain
# names never become AVAILABLE, so those parts are proven by `terraform test` (a mocked
# provider) and the plan of envs/aws. The HTTP APIs and the portal's Cognito login are off
# by default (paid features of LocalStack; the test turns them on: moto has both). The
# registry simulator is on.

terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region     = var.region
  access_key = "test"
  secret_key = "test"

  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  max_retries                 = var.max_retries

  endpoints {
    apigatewayv2   = var.endpoint
    cloudwatch     = var.endpoint
    cloudwatchlogs = var.endpoint
    cognitoidp     = var.endpoint
    dynamodb       = var.endpoint
    iam            = var.endpoint
    kms            = var.endpoint
    lambda         = var.endpoint
    s3             = var.endpoint
    scheduler      = var.endpoint
    secretsmanager = var.endpoint
    sfn            = var.endpoint
    sts            = var.endpoint
  }
}

module "lefi" {
  source = "../../modules/stack"

  name                         = var.name
  lambda_dir                   = var.lambda_dir
  tables_file                  = "${path.root}/../../../shared/lefi-store/tables.json"
  simulators_enabled           = true
  api_enabled                  = var.api_enabled
  portal_login_enabled         = var.portal_login_enabled
  portal_saml_metadata_url     = var.portal_saml_metadata_url
  opening_exceptions           = var.opening_exceptions
  custom_domain_enabled        = false
  truststore_pem               = var.truststore_pem
  truststore_lifecycle_enabled = var.truststore_lifecycle_enabled
  deletion_protection          = false
  log_retention_days           = 7
  # A test root: the seal's manifests are locked one day only.
  seal_retention_days = 1
  # An emulator's IAM is immediate: no wait before the state machine.
  iam_propagation_seconds = 0
  # The operator role, for infra_check.py to check on what moto made (moto's account).
  operator_principal_arns = ["arn:aws:iam::123456789012:root"]
}

# Development keys into the stack's secret (in AWS the operator puts real ones).
resource "aws_secretsmanager_secret_version" "pnr_keys" {
  secret_id     = module.lefi.pnr_keys_secret_arn
  secret_string = jsonencode({ mac_key = var.pnr_mac_key, seal_key = var.pnr_seal_key })
}
