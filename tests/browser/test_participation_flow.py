"""A newcomer, in a real browser: signs up, reports a pain point on a procedure chosen by
search-as-you-type, supports somebody else's post and comments on it."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import Post, Support
from tests.factories import AdministrationFactory, PostFactory, ProcedureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    acd = AdministrationFactory(name="Administration des contributions directes", slug="acd")
    procedure = ProcedureFactory(
        title="Déclaration d'impôt sur le revenu des personnes physiques",
        slug="declaration-impot",
        administrations=[acd],
    )
    ProcedureFactory(title="Allocation de naissance", slug="allocation-naissance")
    other = PostFactory(
        title="Le formulaire d'impôt est incompréhensible",
        body="Chaque année je passe des heures à comprendre les cases du formulaire.",
        language="fr",
        procedure=procedure,
    )
    return procedure, other


def sign_up(page, email, public_name):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile("Public name")).fill(public_name)
    page.get_by_label("Password", exact=True).fill("a-long-Secret-42")
    page.get_by_label(re.compile("Password \\(again\\)")).fill("a-long-Secret-42")
    page.get_by_role("button", name=re.compile("Sign up", re.IGNORECASE)).click()
    expect(
        page.get_by_role("button", name=re.compile(f"Sign out \\({public_name}\\)"))
    ).to_be_visible()


def test_sign_up_post_support_and_comment(page, catalogue):
    procedure, other = catalogue
    sign_up(page, "lea@example.lu", "Léa from Esch")

    # Report a pain point: pick the procedure from the search-as-you-type list with the keyboard.
    page.get_by_role("link", name="Report a pain point").first.click()
    combo = page.get_by_role("combobox", name="Procedure")
    combo.press_sequentially("déclaration impôt", delay=30)
    option = page.get_by_role("option", name=re.compile("Déclaration d'impôt"))
    expect(option).to_be_visible()
    combo.press("ArrowDown")
    combo.press("Enter")
    expect(combo).to_have_value(procedure.title)
    page.get_by_label("Pain point").check()
    page.get_by_label("Title").fill("Je dois renvoyer les mêmes justificatifs chaque année")
    page.get_by_label("What is the problem?").fill(
        "Chaque année l'administration me demande les mêmes certificats alors qu'elle les a déjà."
    )
    page.get_by_label(re.compile("How could it be simpler")).fill(
        "Garder les justificatifs d'une année sur l'autre dans MyGuichet."
    )
    page.get_by_role("button", name="Preview my post").click()
    expect(
        page.get_by_text("Je dois renvoyer les mêmes justificatifs chaque année")
    ).to_be_visible()
    page.get_by_role("button", name="Publish my post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Je dois renvoyer les mêmes justificatifs chaque année"
    )
    mine = Post.objects.get(title__startswith="Je dois renvoyer")
    assert mine.procedure == procedure
    assert mine.administration.slug == "acd"
    assert mine.language == "fr"

    # Support another person's post ("me too") and comment on it.
    page.goto(other.get_absolute_url())
    page.get_by_role("button", name="Me too: support").click()
    expect(page.get_by_role("button", name="Withdraw my support")).to_be_visible()
    assert Support.objects.filter(post=other, user__public_name="Léa from Esch").count() == 1
    other.refresh_from_db()
    assert other.support_count == 1

    page.get_by_label("Your comment").fill("Pareil pour moi, trois fois le même certificat.")
    page.get_by_role("button", name="Post the comment").click()
    page.goto(other.get_absolute_url())
    comment = page.get_by_text("Pareil pour moi, trois fois le même certificat.")
    expect(comment).to_be_visible()
    expect(page.locator("body")).to_contain_text("Léa from Esch")
