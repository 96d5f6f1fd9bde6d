# LEFI Online in AWS. Thin root: the provider, the state backend and variables; the stack
# is modules/stack. See README "Deploy" for the steps.

terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
  # Partial configuration: terraform init -backend-config=backend.hcl (bucket, key,
  # region, use_lockfile = true). Validation runs with -backend=false.
  backend "s3" {}
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      service     = "lefi-online"
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}

module "lefi" {
  source = "../../modules/stack"

  name                                   = var.name
  lambda_dir                             = var.lambda_dir
  tables_file                            = "${path.root}/../../../shared/lefi-store/tables.json"
  registry_url                           = var.registry_url
  registry_ca_pem                        = var.registry_ca_file == null ? null : file(var.registry_ca_file)
  registry_concurrency                   = var.registry_concurrency
  registry_vpc                           = var.registry_vpc
  max_concurrency                        = var.max_concurrency
  simulators_enabled                     = var.simulators_enabled
  opening_exceptions                     = var.opening_exceptions
  custom_domain_enabled                  = true
  domain_name                            = var.domain_name
  certificate_arn                        = var.certificate_arn
  ownership_verification_certificate_arn = var.ownership_verification_certificate_arn
  truststore_bucket_name                 = var.truststore_bucket_name
  truststore_pem                         = file(var.truststore_file)
  portal_domain_name                     = var.portal_domain_name
  portal_certificate_arn                 = var.portal_certificate_arn
  portal_saml_metadata_url               = var.portal_saml_metadata_url
  portal_login_domain_prefix             = var.portal_login_domain_prefix
  portal_login_domain_name               = var.portal_login_domain_name
  portal_login_certificate_arn           = var.portal_login_certificate_arn
  create_kms_key                         = var.kms_key_arn == null && var.create_kms_key
  kms_key_arn                            = var.kms_key_arn
  log_retention_days                     = var.log_retention_days
  seal_retention_days                    = var.seal_retention_days
  deletion_protection                    = true
  alarm_topic_arn                        = var.alarm_topic_arn
  operator_principal_arns                = var.operator_principal_arns
  operator_require_mfa                   = var.operator_require_mfa
}
