"""OpenID Connect providers from environment variables (imported by config/settings/base.py, so
nothing here may touch Django).

    OIDC_PROVIDERS=eid,staff                 provider ids, in the order of the sign-in buttons
    OIDC_EID_NAME=LuxTrust / eID             button label ("Sign in with ...")
    OIDC_EID_ISSUER=https://idp.example/     discovery at <issuer>/.well-known/openid-configuration
    OIDC_EID_CLIENT_ID=... / OIDC_EID_CLIENT_SECRET=...
    OIDC_EID_SCOPES=openid profile email     (default)
    OIDC_EID_VERIFIES_IDENTITY=1             linking makes an account identity-verified (default)
    OIDC_STAFF_CIVIL_SERVANT_CLAIM=groups    claim whose value(s) make the person a civil servant
    OIDC_STAFF_CIVIL_SERVANT_VALUES=civil-servants   accepted values (comma-separated; empty: any)
    OIDC_STAFF_ADMINISTRATION_CLAIM=organisation     claim naming the administration (its slug,
                                                     name or one of its e-mail domains)
    OIDC_EID_EXTRA_ORIGINS=https://login.example.lu  origins of endpoints not on the issuer's
                                                     (the sign-in/out forms' CSP form-action)

Richer mappings (other role groups) go in Python settings: see accounts/conf.py, OIDC_PROVIDERS.
"""

CIVIL_SERVANT_GROUP = "Civil servants"  # accounts.roles.CIVIL_SERVANT, without importing Django


def _flag(value, default):
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _words(value, separator=None):
    return [word.strip() for word in (value or "").split(separator) if word.strip()]


def provider_from_environment(environ, provider_id):
    prefix = f"OIDC_{provider_id.upper().replace('-', '_')}_"

    def get(name, default=""):
        return environ.get(prefix + name, default)

    missing = [name for name in ("ISSUER", "CLIENT_ID") if not get(name)]
    if missing:
        names = ", ".join(prefix + name for name in missing)
        raise ValueError(f"OpenID Connect provider {provider_id!r} needs {names}")
    provider = {
        "id": provider_id,
        "name": get("NAME") or provider_id,
        "issuer": get("ISSUER"),
        "client_id": get("CLIENT_ID"),
        "client_secret": get("CLIENT_SECRET"),
        "scopes": _words(get("SCOPES", "openid profile email")),
        "verifies_identity": _flag(get("VERIFIES_IDENTITY"), True),
        "group_claims": [],
        "administration_claim": get("ADMINISTRATION_CLAIM"),
        "extra_origins": _words(get("EXTRA_ORIGINS"), ","),
    }
    if get("CIVIL_SERVANT_CLAIM"):
        provider["group_claims"].append(
            {
                "claim": get("CIVIL_SERVANT_CLAIM"),
                "values": _words(get("CIVIL_SERVANT_VALUES"), ","),
                "group": CIVIL_SERVANT_GROUP,
            }
        )
    return provider


def providers_from_environment(environ):
    return [
        provider_from_environment(environ, pid)
        for pid in _words(environ.get("OIDC_PROVIDERS"), ",")
    ]
