# The module's requirements, in the registry's conventions: the oldest Terraform and the
# provider range it works with (the roots in envs/ pin the provider; this only bounds it).
# Terraform 1.9: validations that refer to other variables.
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}
