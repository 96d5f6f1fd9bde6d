# The portal's login (issue 15) planned against a mocked provider, offline: what the app
# client allows, and each rule of Cognito's that moto 5.2.5 does not enforce (it accepts
# all of these; scripts/lib/infra.sh runs this file). The Cognito rules are from its API
# reference (CreateUserPoolClient, CreateIdentityProvider, CreateUserPoolDomain,
# SchemaAttributeType) and developer guide.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { name = "eu-north-1" }
  }
  # The pool's id and endpoint at plan time too, so the issuer and the SAML names can be
  # compared (Terraform 1.11: override_during).
  mock_resource "aws_cognito_user_pool" {
    override_during = plan
    defaults = {
      id       = "eu-north-1_AbCdEf123"
      endpoint = "cognito-idp.eu-north-1.amazonaws.com/eu-north-1_AbCdEf123"
    }
  }
}

variables {
  name              = "lefi"
  portal_url        = "https://portal.lefi.example.se"
  saml_metadata_url = "https://md.swedenconnect.se/role/idp.xml"
  domain_prefix     = "lefi-login-111122223333"
}

run "c2_the_app_client_allows_only_the_code_flow_and_only_the_saml_provider" {
  command = plan

  assert {
    condition     = aws_cognito_user_pool_client.portal.allowed_oauth_flows == toset(["code"]) && aws_cognito_user_pool_client.portal.allowed_oauth_flows_user_pool_client
    error_message = "the app client allows the authorization code flow and nothing else"
  }
  assert {
    condition     = aws_cognito_user_pool_client.portal.supported_identity_providers == toset(["SwedenConnect"])
    error_message = "the only way in is the SAML provider (no COGNITO: no local users, no passwords)"
  }
  assert {
    condition     = aws_cognito_user_pool_client.portal.allowed_oauth_scopes == toset(["openid", "profile"])
    error_message = "scopes openid and profile only: no aws.cognito.signin.user.admin, so a user's token cannot rewrite the attributes the IdP vouched for"
  }
  assert {
    condition     = aws_cognito_user_pool_client.portal.explicit_auth_flows == toset(["ALLOW_REFRESH_TOKEN_AUTH"])
    error_message = "no password, SRP or custom authentication against the pool"
  }
  assert {
    condition     = aws_cognito_user_pool_client.portal.generate_secret
    error_message = "a confidential client: the portal holds a secret"
  }
  assert {
    condition     = aws_secretsmanager_secret.client.name == "lefi/portal-oidc-client"
    error_message = "the client's secret goes into its own Secrets Manager secret"
  }
}

run "c2_callback_and_logout_urls_come_from_the_portal_url" {
  command = plan

  assert {
    condition     = aws_cognito_user_pool_client.portal.callback_urls == toset(["https://portal.lefi.example.se/inloggning/klar"]) && aws_cognito_user_pool_client.portal.default_redirect_uri == "https://portal.lefi.example.se/inloggning/klar"
    error_message = "the one callback URL is <portal_url>/inloggning/klar"
  }
  assert {
    condition     = aws_cognito_user_pool_client.portal.logout_urls == toset(["https://portal.lefi.example.se/utloggad"])
    error_message = "the one logout URL is <portal_url>/utloggad"
  }
  assert {
    condition     = output.issuer == "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_AbCdEf123"
    error_message = "the issuer is https://cognito-idp.<region>.amazonaws.com/<pool id>: ${output.issuer}"
  }
  assert {
    condition     = output.saml_acs_url == "https://lefi-login-111122223333.auth.eu-north-1.amazoncognito.com/saml2/idpresponse" && output.saml_entity_id == "urn:amazon:cognito:sp:eu-north-1_AbCdEf123"
    error_message = "the federation registers Cognito's entity id and assertion consumer service"
  }
}

run "p2_sweden_connects_attributes_fill_the_pool_and_the_id_token" {
  command = plan

  assert {
    condition = aws_cognito_identity_provider.saml.attribute_mapping == tomap({
      "custom:personnummer"   = "urn:oid:1.2.752.29.4.13"
      given_name              = "urn:oid:2.5.4.42"
      family_name             = "urn:oid:2.5.4.4"
      name                    = "urn:oid:2.16.840.1.113730.3.1.241"
      "custom:orgAffiliation" = "urn:oid:1.2.752.201.3.1"
    })
    error_message = "personalIdentityNumber, givenName, sn, displayName and orgAffiliation map to the pool's attributes"
  }
  assert {
    condition     = sort([for a in aws_cognito_user_pool.this.schema : a.name]) == tolist(["orgAffiliation", "personnummer"])
    error_message = "each custom: attribute of the mapping is a custom attribute of the pool"
  }
  # Cognito writes mapped attributes at every federated login: immutable ones or ones the
  # client may not write make every login fail (moto checks neither).
  assert {
    condition     = alltrue([for a in aws_cognito_user_pool.this.schema : a.mutable])
    error_message = "a mapped custom attribute must be mutable"
  }
  assert {
    condition     = aws_cognito_user_pool_client.portal.write_attributes == toset(keys(aws_cognito_identity_provider.saml.attribute_mapping)) && aws_cognito_user_pool_client.portal.read_attributes == toset(keys(aws_cognito_identity_provider.saml.attribute_mapping))
    error_message = "the client may write (Cognito's rule for mapped attributes) and read every mapped attribute"
  }
  assert {
    condition     = aws_cognito_identity_provider.saml.provider_type == "SAML" && aws_cognito_identity_provider.saml.provider_details.MetadataURL == "https://md.swedenconnect.se/role/idp.xml"
    error_message = "a SAML provider whose metadata comes from saml_metadata_url"
  }
  assert {
    condition     = aws_cognito_identity_provider.saml.provider_details.EncryptedResponses == "true"
    error_message = "the Swedish eID Framework's IdPs encrypt the assertion: Cognito must publish an encryption key"
  }
}

run "p2_nobody_signs_up_and_the_pool_is_protected" {
  command = plan

  variables {
    deletion_protection = true
  }
  assert {
    condition     = aws_cognito_user_pool.this.admin_create_user_config[0].allow_admin_create_user_only
    error_message = "no self sign-up"
  }
  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE"
    error_message = "deletion_protection makes the pool's DeletionProtection ACTIVE"
  }
}

run "c2_tokens_live_minutes_not_hours" {
  command = plan

  assert {
    condition = (
      aws_cognito_user_pool_client.portal.id_token_validity == 5 && aws_cognito_user_pool_client.portal.access_token_validity == 5 &&
      aws_cognito_user_pool_client.portal.refresh_token_validity == 60 &&
      aws_cognito_user_pool_client.portal.token_validity_units[0].id_token == "minutes" &&
      aws_cognito_user_pool_client.portal.token_validity_units[0].access_token == "minutes" &&
      aws_cognito_user_pool_client.portal.token_validity_units[0].refresh_token == "minutes"
    )
    error_message = "ID and access tokens 5 minutes, the refresh token 60 (Cognito's minimums), all in minutes"
  }
}

run "c2_the_login_uses_the_classic_hosted_ui" {
  command = plan

  assert {
    condition     = aws_cognito_user_pool_domain.this.managed_login_version == 1 && aws_cognito_user_pool_domain.this.domain == "lefi-login-111122223333"
    error_message = "the prefix domain with the classic hosted UI (managed login would need a branding style)"
  }
}

# Cognito's rules that moto lets through, one run each.

run "a_custom_attribute_name_over_20_characters_fails_the_plan" {
  command = plan

  variables {
    attribute_mapping = {
      "custom:personnummer"            = "urn:oid:1.2.752.29.4.13"
      "custom:organisationAffiliation" = "urn:oid:1.2.752.201.3.1"
    }
  }
  expect_failures = [var.attribute_mapping]
}

run "a_mapping_to_an_attribute_the_pool_does_not_have_fails_the_plan" {
  command = plan

  variables {
    attribute_mapping = {
      "custom:personnummer" = "urn:oid:1.2.752.29.4.13"
      surname               = "urn:oid:2.5.4.4"
    }
  }
  expect_failures = [var.attribute_mapping]
}

run "a_mapping_without_the_personnummer_fails_the_plan" {
  command = plan

  variables {
    attribute_mapping = { given_name = "urn:oid:2.5.4.42" }
  }
  expect_failures = [var.attribute_mapping]
}

run "a_plain_http_portal_url_fails_the_plan" {
  command = plan

  variables {
    portal_url = "http://portal.lefi.example.se"
  }
  expect_failures = [var.portal_url]
}

run "a_portal_url_with_a_path_or_trailing_slash_fails_the_plan" {
  command = plan

  variables {
    portal_url = "https://portal.lefi.example.se/"
  }
  expect_failures = [var.portal_url]
}

run "a_portal_url_with_a_fragment_fails_the_plan" {
  command = plan

  variables {
    portal_url = "https://portal.lefi.example.se#start"
  }
  expect_failures = [var.portal_url]
}

run "a_plain_http_metadata_url_fails_the_plan" {
  command = plan

  variables {
    saml_metadata_url = "http://md.swedenconnect.se/role/idp.xml"
  }
  expect_failures = [var.saml_metadata_url]
}

run "an_identity_provider_name_over_32_characters_fails_the_plan" {
  command = plan

  variables {
    identity_provider_name = "SwedenConnectElegitimationFederation"
  }
  expect_failures = [var.identity_provider_name]
}

run "an_identity_provider_name_with_a_space_fails_the_plan" {
  command = plan

  variables {
    identity_provider_name = "Sweden Connect"
  }
  expect_failures = [var.identity_provider_name]
}

run "an_identity_provider_name_starting_with_an_underscore_fails_the_plan" {
  command = plan

  variables {
    identity_provider_name = "_SwedenConnect"
  }
  expect_failures = [var.identity_provider_name]
}

run "a_domain_prefix_with_aws_in_it_fails_the_plan" {
  command = plan

  variables {
    domain_prefix = "lefi-aws-login"
  }
  expect_failures = [var.domain_prefix]
}

run "a_domain_prefix_with_cognito_in_it_fails_the_plan" {
  command = plan

  variables {
    domain_prefix = "lefi-cognito"
  }
  expect_failures = [var.domain_prefix]
}

run "a_domain_prefix_with_capitals_or_an_edge_hyphen_fails_the_plan" {
  command = plan

  variables {
    domain_prefix = "Lefi-login-"
  }
  expect_failures = [var.domain_prefix]
}

run "a_domain_prefix_over_63_characters_fails_the_plan" {
  command = plan

  variables {
    domain_prefix = "lefi-login-0123456789-0123456789-0123456789-0123456789-012345678"
  }
  expect_failures = [var.domain_prefix]
}

run "a_custom_login_domain_needs_a_certificate_in_us_east_1" {
  command = plan

  variables {
    domain_prefix         = null
    login_domain_name     = "login.lefi.example.se"
    login_certificate_arn = "arn:aws:acm:eu-north-1:111122223333:certificate/11111111-2222-3333-4444-555555555555"
  }
  expect_failures = [var.login_certificate_arn]
}

run "a_custom_login_domain_plans_with_its_certificate_in_us_east_1" {
  command = plan

  variables {
    domain_prefix         = null
    login_domain_name     = "login.lefi.example.se"
    login_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555"
  }
  assert {
    condition     = output.saml_acs_url == "https://login.lefi.example.se/saml2/idpresponse" && output.login_url == "https://login.lefi.example.se"
    error_message = "with a custom domain, the login and the assertion consumer service are on it"
  }
}

run "both_a_prefix_and_a_custom_login_domain_fail_the_plan" {
  command = plan

  variables {
    login_domain_name     = "login.lefi.example.se"
    login_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555"
  }
  expect_failures = [aws_cognito_user_pool_domain.this]
}

run "an_id_token_of_two_days_fails_the_plan" {
  command = plan

  variables {
    id_token_validity_minutes = 2880
  }
  expect_failures = [var.id_token_validity_minutes]
}

run "an_access_token_under_five_minutes_fails_the_plan" {
  command = plan

  variables {
    access_token_validity_minutes = 1
  }
  expect_failures = [var.access_token_validity_minutes]
}

run "a_refresh_token_under_an_hour_fails_the_plan" {
  command = plan

  variables {
    refresh_token_validity_minutes = 30
  }
  expect_failures = [var.refresh_token_validity_minutes]
}

run "an_id_token_outliving_the_refresh_token_fails_the_plan" {
  command = plan

  variables {
    id_token_validity_minutes      = 120
    refresh_token_validity_minutes = 60
  }
  expect_failures = [aws_cognito_user_pool_client.portal]
}
