"""Sign-in through OpenID Connect providers (a national eID, a government staff directory).

django-allauth's openid_connect provider does the protocol (authorization code + PKCE, state);
this package adds what a government platform needs on top: the nonce check allauth leaves out,
providers configured from the environment, minimal storage of claims, claims mapped to roles and
the administration a civil servant works for, and logout at the provider (RP-initiated logout).
"""
