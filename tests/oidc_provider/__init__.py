"""A small standalone OpenID Connect provider (django-oauth-toolkit) for end-to-end sign-in tests.

It is a separate Django site with its own settings (tests.oidc_provider.settings) and never
imports our `config` package: it runs in a subprocess started by tests/oidc_fixtures.py.
"""
