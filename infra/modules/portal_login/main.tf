# Login with e-legitimation (P2, C2): a Cognito user pool that federates Sweden Connect's
# SAML identity provider and gives the portal OpenID Connect. The portal is the one app
# client: authorization code flow only (with its secret), scopes openid and profile, only
# the SAML provider, callback and logout URLs from the portal's URL. The pool has no
# users of its own: nobody signs up, nobody signs in with a password; a person exists in
# the pool only as the federated profile Cognito keeps after a login. The client secret
# goes into a Secrets Manager secret, whose ARN is all the portal function is given.
#
# What AWS refuses and moto lets through (moto 5.2.5 checks none of it) is checked here at
# plan time: variable validations and preconditions, proven by modules/stack/tests.

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name

  callback_url = "${var.portal_url}/inloggning/klar"
  logout_url   = "${var.portal_url}/utloggad"

  # The user pool attributes the SAML attributes fill, custom ones without their prefix.
  mapped_attributes = sort(keys(var.attribute_mapping))
  custom_attributes = sort([for a in local.mapped_attributes : trimprefix(a, "custom:") if startswith(a, "custom:")])

  # Prefix domain: <prefix>.auth.<region>.amazoncognito.com; or the custom one.
  custom_login_domain = var.login_domain_name != null
  login_domain        = local.custom_login_domain ? var.login_domain_name : var.domain_prefix
  login_host          = local.custom_login_domain ? var.login_domain_name : "${var.domain_prefix}.auth.${local.region}.amazoncognito.com"
}

resource "aws_cognito_user_pool" "this" {
  name                = "${var.name}-portal"
  deletion_protection = var.deletion_protection ? "ACTIVE" : "INACTIVE"

  # Nobody signs up: people arrive through the SAML provider only.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  # No passwords to recover: e-legitimation is the only way in.
  account_recovery_setting {
    recovery_mechanism {
      name     = "admin_only"
      priority = 1
    }
  }

  # The second factor is the e-legitimation's own (BankID, Freja eID, SITHS): Cognito has
  # no password to add one to.
  mfa_configuration = "OFF"

  username_configuration {
    case_sensitive = false
  }

  # One custom attribute per custom: key of the mapping. Cognito writes mapped attributes
  # at every federated login, so they must be mutable (its rule); no length limit of our
  # own beyond Cognito's 2048, so an unexpected value fails in the portal, which says why,
  # not in Cognito.
  dynamic "schema" {
    for_each = toset(local.custom_attributes)
    content {
      name                     = schema.value
      attribute_data_type      = "String"
      mutable                  = true
      required                 = false
      developer_only_attribute = false
      string_attribute_constraints {
        min_length = 0
        max_length = 2048
      }
    }
  }

  tags = var.tags
}

resource "aws_cognito_identity_provider" "saml" {
  user_pool_id  = aws_cognito_user_pool.this.id
  provider_name = var.identity_provider_name
  provider_type = "SAML"

  provider_details = {
    # Cognito reads the IdP's metadata (its endpoints and signing certificate) from here
    # when the provider is made or updated.
    MetadataURL = var.saml_metadata_url
    # The Swedish eID Framework's deployment profile: the IdP returns the whole assertion
    # encrypted (6.1), so Cognito must publish an encryption key; signed authentication
    # requests are accepted by every IdP of the federation (5.2) and required by some.
    EncryptedResponses      = "true"
    RequestSigningAlgorithm = "rsa-sha256"
    # Logging out of the portal ends the portal's session and Cognito's; the IdP's own
    # session (if any) is the IdP's.
    IDPSignout = "false"
  }

  attribute_mapping = var.attribute_mapping
}

resource "aws_cognito_user_pool_client" "portal" {
  name         = "${var.name}-portal"
  user_pool_id = aws_cognito_user_pool.this.id

  # A confidential client: the portal function holds the secret (from Secrets Manager).
  generate_secret = true

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  # No aws.cognito.signin.user.admin: a user's access token cannot call Cognito's own API
  # (e.g. UpdateUserAttributes on the personnummer the IdP vouched for).
  allowed_oauth_scopes         = ["openid", "profile"]
  callback_urls                = [local.callback_url]
  default_redirect_uri         = local.callback_url
  logout_urls                  = [local.logout_url]
  supported_identity_providers = [aws_cognito_identity_provider.saml.provider_name]

  # Only refreshing tokens: no password, SRP or custom authentication against the pool.
  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  # The portal reads the ID token once, at login, and keeps a session of its own (120
  # minutes without activity): Cognito's tokens need to live only long enough for that.
  id_token_validity      = var.id_token_validity_minutes
  access_token_validity  = var.access_token_validity_minutes
  refresh_token_validity = var.refresh_token_validity_minutes
  token_validity_units {
    id_token      = "minutes"
    access_token  = "minutes"
    refresh_token = "minutes"
  }

  # Cognito's rule: a client through which users sign in with an IdP must be allowed to
  # write every mapped attribute (it updates them at each login); the portal reads them.
  read_attributes  = local.mapped_attributes
  write_attributes = local.mapped_attributes

  lifecycle {
    precondition {
      condition     = var.id_token_validity_minutes <= var.refresh_token_validity_minutes && var.access_token_validity_minutes <= var.refresh_token_validity_minutes
      error_message = "The ID and access tokens may not outlive the refresh token (Cognito's rule): refresh_token_validity_minutes must be at least id_token_validity_minutes and access_token_validity_minutes."
    }
  }
}

resource "aws_cognito_user_pool_domain" "this" {
  user_pool_id = aws_cognito_user_pool.this.id
  domain       = local.login_domain
  # A custom domain needs an ACM certificate in us-east-1 (Cognito serves it through
  # CloudFront); null for the prefix domain.
  certificate_arn = var.login_certificate_arn
  # The classic hosted UI: it needs no branding style (managed login, version 2, does, and
  # this provider has no resource for one). The portal sends people straight to the SAML
  # provider (identity_provider=<its name> on /oauth2/authorize), so Cognito shows no page
  # of its own on the way.
  managed_login_version = 1

  lifecycle {
    precondition {
      condition     = (var.domain_prefix == null) != (var.login_domain_name == null)
      error_message = "The login needs one domain: domain_prefix (<prefix>.auth.<region>.amazoncognito.com) or login_domain_name (a custom domain), not both."
    }
    precondition {
      condition     = (var.login_domain_name == null) == (var.login_certificate_arn == null)
      error_message = "A custom login domain (login_domain_name) needs login_certificate_arn, an ACM certificate in us-east-1, and a prefix domain none."
    }
  }
}

# The app client's secret, for the portal function (LEFI_OIDC_CLIENT_SECRET is this ARN).
# Terraform writes the value: the client's secret is in the state anyway, as an attribute
# of the client; the state is the deployer's to protect (README "Deploy": S3 backend).
resource "aws_secretsmanager_secret" "client" {
  #checkov:skip=CKV2_AWS_57: Cognito gives an app client one secret for its life (this provider cannot add a second); rotating it is replacing the client, a planned change with the portal's redeploy, not a schedule
  name                    = "${var.name}/portal-oidc-client"
  description             = "LEFI Online portal: the Cognito app client's secret (the SecretString is the secret itself)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.deletion_protection ? 30 : 0
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "client" {
  secret_id     = aws_secretsmanager_secret.client.id
  secret_string = aws_cognito_user_pool_client.portal.client_secret
}
