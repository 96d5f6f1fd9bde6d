variable "name" {
  description = "Prefix of the login's resources (<name>-portal user pool and app client, <name>/portal-oidc-client secret)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name is a prefix of 1-32 characters: lowercase letters, digits and -, starting with a letter (it names buckets, tables, functions and roles)."
  }
}

variable "portal_url" {
  description = "The portal's public base URL, https://<host>, no path and no trailing /: the app client's callback URL is <portal_url>/inloggning/klar, its logout URL <portal_url>/utloggad (LEFI_PORTAL_URL)."
  type        = string
  validation {
    # Cognito: a redirect URL is absolute, has no fragment, is at most 1024 characters and
    # is https (http only for localhost, which a deployed portal never is). The portal
    # builds its URIs by appending a path, so no path, query or trailing / of its own.
    condition     = can(regex("^https://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$", var.portal_url)) && length(var.portal_url) <= 1000
    error_message = "portal_url is https://<lowercase host>[:port], without path, query, fragment or trailing / (Cognito takes only https callback URLs of at most 1024 characters)."
  }
}

variable "saml_metadata_url" {
  description = "Where Cognito reads the e-legitimation IdP's SAML metadata (its entity descriptor: endpoints and signing certificate): the Sweden Connect IdP or proxy the agreement names. https only."
  type        = string
  validation {
    # The metadata carries the certificate Cognito trusts for every assertion: fetched over
    # anything but TLS, whoever is on the path could choose who logs in.
    condition     = can(regex("^https://[^/\\s]+(/\\S*)?$", var.saml_metadata_url)) && length(var.saml_metadata_url) <= 131072
    error_message = "saml_metadata_url is an https:// URL (the IdP's metadata holds the certificate every assertion is checked against)."
  }
}

variable "identity_provider_name" {
  description = "The SAML identity provider's name in the pool; the portal passes it as identity_provider on /oauth2/authorize to go straight to it."
  type        = string
  default     = "SwedenConnect"
  validation {
    # Cognito's ProviderName: 1-32 characters matching [^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+
    # (so at least 3). Not the name of one of Cognito's own providers either: the app
    # client's supported_identity_providers would then name that one.
    condition = (
      length(var.identity_provider_name) <= 32 &&
      can(regex("^[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+$", var.identity_provider_name)) &&
      !contains(["cognito", "facebook", "google", "loginwithamazon", "signinwithapple"], lower(var.identity_provider_name))
    )
    error_message = "identity_provider_name is 3-32 characters without spaces, neither starting with _ nor holding _ after its second character (Cognito's ProviderName), and not COGNITO, Facebook, Google, LoginWithAmazon or SignInWithApple."
  }
}

variable "attribute_mapping" {
  description = "User pool attribute → SAML attribute name. The default is Sweden Connect's attribute profile (its OIDs) as the portal reads the ID token: custom:personnummer (personalIdentityNumber), given_name, family_name, name (displayName), custom:orgAffiliation. A custom: key becomes a custom attribute of the pool."
  type        = map(string)
  default = {
    "custom:personnummer"   = "urn:oid:1.2.752.29.4.13"
    given_name              = "urn:oid:2.5.4.42"
    family_name             = "urn:oid:2.5.4.4"
    name                    = "urn:oid:2.16.840.1.113730.3.1.241"
    "custom:orgAffiliation" = "urn:oid:1.2.752.201.3.1"
  }
  validation {
    # Cognito: a mapping key is at most 32 characters and names an attribute of the pool,
    # a standard one or custom:<name>, where <name> is 1-20 letters, marks, symbols,
    # digits or punctuation (CustomAttributeNameType); a pool has at most 50 custom ones.
    condition = alltrue([for k, v in var.attribute_mapping :
      length(k) <= 32 && length(v) >= 1 && length(v) <= 131072 && (
        contains(["address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo"], k) ||
        can(regex("^custom:[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,20}$", k))
      )
    ]) && length([for k in keys(var.attribute_mapping) : k if startswith(k, "custom:")]) <= 50
    error_message = "Each key of attribute_mapping is a standard attribute (given_name, family_name, name, …) or custom:<1-20 characters, no spaces> (Cognito's limit on custom attribute names), at most 32 characters in all, with a non-empty SAML attribute name."
  }
  validation {
    condition     = contains(keys(var.attribute_mapping), "custom:personnummer")
    error_message = "attribute_mapping must fill custom:personnummer: the portal knows a person by it (P2)."
  }
}

variable "id_token_validity_minutes" {
  description = "Minutes an ID token is valid: Cognito allows 5 to 1440 (one day). The portal reads it once, at login."
  type        = number
  default     = 5
  validation {
    condition     = var.id_token_validity_minutes >= 5 && var.id_token_validity_minutes <= 1440 && floor(var.id_token_validity_minutes) == var.id_token_validity_minutes
    error_message = "id_token_validity_minutes is a whole number from 5 to 1440 (Cognito: five minutes to one day)."
  }
}

variable "access_token_validity_minutes" {
  description = "Minutes an access token is valid: Cognito allows 5 to 1440 (one day). The portal does not use it beyond the login."
  type        = number
  default     = 5
  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440 && floor(var.access_token_validity_minutes) == var.access_token_validity_minutes
    error_message = "access_token_validity_minutes is a whole number from 5 to 1440 (Cognito: five minutes to one day)."
  }
}

variable "refresh_token_validity_minutes" {
  description = "Minutes a refresh token is valid: Cognito allows 60 (its minimum) to 5256000 (ten years), and no less than the ID and access tokens. The portal does not refresh: its own session ends after 120 minutes without activity."
  type        = number
  default     = 60
  validation {
    condition     = var.refresh_token_validity_minutes >= 60 && var.refresh_token_validity_minutes <= 5256000 && floor(var.refresh_token_validity_minutes) == var.refresh_token_validity_minutes
    error_message = "refresh_token_validity_minutes is a whole number from 60 to 5256000 (Cognito: an hour to ten years)."
  }
}

variable "domain_prefix" {
  description = "The login's prefix domain, <prefix>.auth.<region>.amazoncognito.com (unique in the region); null with login_domain_name."
  type        = string
  default     = null
  validation {
    # Cognito's Domain pattern, and its rule that a prefix may not contain aws, amazon or
    # cognito.
    condition     = var.domain_prefix == null || try(can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("aws|amazon|cognito", var.domain_prefix)), false)
    error_message = "domain_prefix is 1-63 lowercase letters, digits and -, neither starting nor ending with -, and may not contain aws, amazon or cognito (Cognito's rules)."
  }
}

variable "login_domain_name" {
  description = "A custom domain for the login instead of the prefix domain, e.g. login.lefi.example.se (its parent domain must resolve; point it at the output login_domain_target); null for the prefix domain."
  type        = string
  default     = null
  validation {
    condition     = var.login_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.login_domain_name))
    error_message = "login_domain_name is null or a lowercase host name, e.g. login.lefi.example.se."
  }
}

variable "login_certificate_arn" {
  description = "ACM certificate for login_domain_name, in us-east-1 (Cognito serves custom domains through CloudFront)."
  type        = string
  default     = null
  validation {
    condition     = var.login_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/", var.login_certificate_arn))
    error_message = "login_certificate_arn is an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/…): Cognito takes a custom domain's certificate from there only."
  }
}

variable "deletion_protection" {
  description = "Protect the user pool from deletion (Cognito's DeletionProtection) and keep a deleted secret 30 days; off in test roots."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the client secret's secret (the stack's, as for the personnummer keys); null for Secrets Manager's own."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource. Keys (1-128 characters) and values (0-256) may hold only letters, digits, spaces and _ . : / = + - (DynamoDB refuses anything else)."
  type        = map(string)
  default     = {}
  validation {
    # DynamoDB's rule, the strictest of the stack's services: "letters, white space, and
    # numbers, plus + - = . _ : /" (its developer guide; AWS's general tag pattern,
    # ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$, also allows @, which DynamoDB does not list).
    condition = alltrue([for k, v in var.tags :
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{1,128}$", k)) &&
      can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]{0,256}$", v)) &&
      !startswith(lower(k), "aws:")
    ])
    error_message = "A tag key (1-128 characters) or value (0-256) holds a character AWS refuses: only letters, digits, spaces and _ . : / = + - are allowed, and no key may start with aws:."
  }
}
