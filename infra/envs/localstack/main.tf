# LEFI Online on LocalStack (Docker): thin root; every AWS service the stack uses points
# at var.endpoint (LocalStack on :4566). The custom domain with mTLS is off (LocalStack
# has no mTLS domains, and its API Gateway v2 is a paid feature); the registry simulator
# is on. See README "Deploy to LocalStack".

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
  max_retries                 = 2

  endpoints {
    apigatewayv2   = var.endpoint
    cloudwatch     = var.endpoint
    cloudwatchlogs = var.endpoint
    dynamodb       = var.endpoint
    iam            = var.endpoint
    lambda         = var.endpoint
    s3             = var.endpoint
    sfn            = var.endpoint
    sts            = var.endpoint
  }
}

module "lefi" {
  source = "../../modules/stack"

  name                  = var.name
  lambda_dir            = var.lambda_dir
  tables_file           = "${path.root}/../../../shared/lefi-store/tables.json"
  simulators_enabled    = true
  pnr_mac_key           = var.pnr_mac_key
  pnr_seal_key          = var.pnr_seal_key
  custom_domain_enabled = false
  truststore_pem        = var.truststore_pem
  deletion_protection   = false
  log_retention_days    = 7
}
