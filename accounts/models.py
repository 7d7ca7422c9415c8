from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles


class User(AbstractUser):
    """A person with an account. Others only ever see `public_name`, a pseudonym they choose."""

    public_name = models.CharField(
        _("public name"),
        max_length=50,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Shown next to your posts and comments instead of your real name."),
    )
    preferred_language = models.CharField(_("preferred language"), max_length=5, blank=True)
    # A banned person cannot sign in (is_active is cleared too); the reason is for moderators.
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True)
    ban_reason = models.TextField(_("reason for the ban"), blank=True)
    # Set when the account was deleted (GDPR) or expired: the row stays as a tombstone so that
    # the person's public posts and comments remain, signed "Former participant".
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The administration a civil servant works for: set when a verified e-mail address matches
    # its domains, or by an admin. Shown next to internal posts, to internal viewers only.
    employer = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("works for"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.anonymised_at:
            return _("Former participant")
        return self.public_name or _("Anonymous participant")

    def has_role(self, group_name):
        if not self.is_authenticated:
            return False
        # Cached per instance: templates and rules ask this many times per request.
        if not hasattr(self, "_group_names"):
            self._group_names = set(self.groups.values_list("name", flat=True))
        return group_name in self._group_names

    @property
    def is_civil_servant(self):
        return self.has_role(roles.CIVIL_SERVANT)

    @property
    def can_see_internal(self):
        """May see internal campaigns (Meng Iddi): civil servants, triage teams, moderators and
        admins. The one definition every visibility check uses."""
        return self.is_civil_servant or self.has_role(roles.TRIAGER) or self.is_moderator

    @property
    def is_moderator(self):
        return self.is_superuser or self.has_role(roles.MODERATOR) or self.has_role(roles.ADMIN)

    @property
    def has_verified_identity(self):
        """Linked to a provider that verifies identities (a national eID): one real person."""
        from allauth.socialaccount.models import SocialAccount

        from .oidc.providers import identity_provider_ids

        if not self.is_authenticated:
            return False
        return SocialAccount.objects.filter(
            user=self, provider__in=identity_provider_ids()
        ).exists()

    @property
    def is_platform_admin(self):
        return self.is_superuser or self.has_role(roles.ADMIN)


class ProviderGrant(models.Model):
    """What an OpenID Connect provider's claims gave a person at their last sign-in through it:
    role groups and the administration they work for. Only these are taken away when the claim
    disappears (or the provider is unlinked); roles an admin gave, or that a verified e-mail
    domain gave, are never touched."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="provider_grants")
    provider = models.CharField(_("sign-in provider"), max_length=100)
    groups = models.ManyToManyField("auth.Group", blank=True, related_name="+")
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="one_grant_per_provider")
        ]

    def __str__(self):
        return f"{self.provider}: {self.user_id}"
