# The test root: scripts/test applies and destroys it against the moto server it starts
# (scripts/lib/moto_serial.py, which answers the Step Functions calls moto lacks). moto
# has no API Gateway custom domains with mTLS, so that part is off here
# (custom_domain_enabled) and proven only by terraform validate.

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
  max_retries                 = 1

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
  # moto: the provider waits ≈55 s for a lifecycle configuration to settle; AWS roots keep it.
  truststore_lifecycle_enabled = false
  deletion_protection          = false
  log_retention_days           = 7
}
