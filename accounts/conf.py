"""App settings of accounts with defaults (same pattern as core/conf.py).

Override them in Django settings under the same name.
"""

from django.conf import settings

DEFAULTS = {
    # E-mail domains whose verified addresses make an account a civil servant, on top of the
    # domains of each Administration (which also set the employer), e.g. ["etat.lu"].
    # A subdomain matches too: "etat.lu" covers "acd.etat.lu".
    "CIVIL_SERVANT_EMAIL_DOMAINS": [],
}


class AppSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, name, DEFAULTS[name])


app_settings = AppSettings()
