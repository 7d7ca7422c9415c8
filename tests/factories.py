"""factory_boy factories shared by all tests. Build real objects; never mock our own code."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import User
from challenges.models import Audience, CampaignPage, ChallengePage, WhoMayPost
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


def home_page():
    """The site's home page; rebuilt when a transactional (browser) test flushed the page tree
    that migrations created."""
    from wagtail.models import Locale, Page, Site

    from core.models import HomePage

    home = HomePage.objects.first()
    if home is not None:
        return home
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Let's simplify together", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


class CampaignFactory(factory.django.DjangoModelFactory):
    """A live campaign page under the home page (`parent=` another page if needed)."""

    class Meta:
        model = CampaignPage

    parent = factory.LazyFunction(home_page)
    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    audience = Audience.PUBLIC
    who_may_post = factory.LazyAttribute(
        lambda o: (
            WhoMayPost.CIVIL_SERVANTS if o.audience == Audience.INTERNAL else WhoMayPost.REGISTERED
        )
    )

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A live challenge page, open from yesterday for 30 days, in `campaign`."""

    class Meta:
        model = ChallengePage

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    question = "Which form could disappear?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=31))

    @classmethod
    def _create(cls, model_class, *args, campaign, **kwargs):
        page = model_class(*args, **kwargs)
        campaign.add_child(instance=page)
        return page


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


class PrioritisationPageFactory(factory.django.DjangoModelFactory):
    """A live prioritisation round in `campaign`, open from yesterday for 30 days, 10 points,
    with `initiatives` (titles) as its initiatives."""

    class Meta:
        model = "prioritisation.PrioritisationPage"

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Prioritisation {n}")
    slug = factory.Sequence(lambda n: f"prioritisation-{n}")
    points_per_participant = 10
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=31))

    @classmethod
    def _create(cls, model_class, *args, campaign, initiatives=("First", "Second"), **kwargs):
        from prioritisation.models import Initiative

        page = model_class(*args, **kwargs)
        page.initiatives = [
            Initiative(title=title, sort_order=order) for order, title in enumerate(initiatives)
        ]
        campaign.add_child(instance=page)
        return page


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A live in-person workshop page in `campaign`, in a week, 2 hours, 2 seats."""

    class Meta:
        model = "workshops.WorkshopPage"

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Maison du Savoir, Esch-Belval"
    capacity = 2

    @classmethod
    def _create(cls, model_class, *args, campaign, **kwargs):
        page = model_class(*args, **kwargs)
        campaign.add_child(instance=page)
        return page


DEFAULT_SURVEY_QUESTIONS = (
    ("How easy was it?", "scale5", ""),
    ("Which channel did you use?", "radio", "Online\nPaper\nCounter"),
    ("What was hardest?", "multiline", ""),
)


class SurveyFactory(factory.django.DjangoModelFactory):
    """A live survey page in `campaign`, open from yesterday for 30 days, one answer per
    signed-in person; `questions`: (label, type, choices) tuples."""

    class Meta:
        model = "surveys.SurveyPage"

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=31))

    @classmethod
    def _create(cls, model_class, *args, campaign, questions=DEFAULT_SURVEY_QUESTIONS, **kwargs):
        from surveys.models import SurveyField

        page = model_class(*args, **kwargs)
        page.form_fields = [
            SurveyField(label=label, field_type=kind, choices=choices, sort_order=order)
            for order, (label, kind, choices) in enumerate(questions)
        ]
        campaign.add_child(instance=page)
        return page
