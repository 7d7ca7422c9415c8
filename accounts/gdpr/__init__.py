"""GDPR rights: a person's data download (export), account deletion with anonymisation and
retention of inactive accounts (erasure)."""

from .erasure import anonymise_inactive, anonymise_user, inactive_accounts
from .export import export_sections, export_user_data

__all__ = [
    "anonymise_inactive",
    "anonymise_user",
    "export_sections",
    "export_user_data",
    "inactive_accounts",
]
