"""OAuth2Validator whose claims are read from the users JSON file at issuance time."""

import logging

from oauth2_provider.oauth2_validators import OAuth2Validator

from .auth import user_claims

log = logging.getLogger(__name__)


class JsonClaimsValidator(OAuth2Validator):
    # DOT drops any claim not mapped to a granted scope (groups, organisation, acr would vanish);
    # the test provider emits exactly what the JSON says, whatever the scopes.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        # get_claim_dict() starts from {"sub": str(user.pk)} and then .update()s it with this
        # dict, so the JSON's "sub" replaces the Django pk. Taking `request` (not the
        # request-agnostic form) makes DOT call this per token, for the id_token AND userinfo.
        claims = user_claims(request.user.username)
        if claims is None:
            log.warning("user %r is no longer in the users file", request.user.username)
            return {}
        return claims
