"""factory_boy factories shared by all tests. Build real objects; never mock our own code."""

import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from challenges.models import Campaign, Challenge
from ideas.models import Post
from procedures.models import Administration, Procedure


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.lu")
    public_name = factory.Sequence(lambda n: f"Participant {n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or [roles.CITIZEN]:
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Administration {n}")
    slug = factory.Sequence(lambda n: f"administration-{n}")


def triager(administration, **kwargs):
    """A member of `administration`'s triage team."""
    user = UserFactory(roles=[roles.TRIAGER], **kwargs)
    administration.members.add(user)
    return user


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    external_id = factory.Sequence(lambda n: f"citoyens/famille/procedure-{n}")
    slug = factory.Sequence(lambda n: f"procedure-{n}")
    title = factory.Sequence(lambda n: f"Demande d'allocation numéro {n}")
    url = factory.LazyAttribute(lambda o: f"https://guichet.public.lu/fr/{o.external_id}.html")
    theme = "famille"

    @factory.post_generation
    def administrations(self, create, extracted, **kwargs):
        if extracted:
            self.administrations.set(extracted)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A post created directly (no service). Use ideas.services.create_post to test creation."""

    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Too many forms for procedure {n}")
    body = "I had to print, sign and scan the same form three times."
    suggestion = "Let me sign it online once."
    language = "en"
    author = factory.SubFactory(UserFactory)
    procedure = factory.SubFactory(ProcedureFactory)
    administration = factory.LazyAttribute(
        lambda o: o.procedure.administrations.order_by("pk").first() if o.procedure else None
    )
