"""Keyboard-only walkthroughs of the main journeys: only page.keyboard (Tab, Shift+Tab, Enter,
Space, arrow keys, typing), never the mouse. On the way, every link and button that receives
focus must show it (WCAG 2.4.7)."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import Follow, Post, Support
from tests.browser.session import sign_in_as
from tests.factories import AdministrationFactory, PostFactory, ProcedureFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element is, and whether it shows a focus indicator.
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        name: el.getAttribute("name") || "",
        type: el.getAttribute("type") || "",
        text: (el.innerText || el.value || "").trim(),
        label: label.trim(),
        visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== "none",
    };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, matches, limit=60, key="Tab"):
    """Press Tab until the focused element satisfies `matches`; links and buttons passed on the
    way must show their focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if element["tag"] in ("a", "button"):
            assert element["visible"], f"no visible focus indicator on {element}"
        if matches(element):
            return element
    raise AssertionError(f"{limit} x {key} never reached the element")


def named(text):
    return lambda element: element["text"] == text or element["label"] == text


def field(name):
    return lambda element: element["name"] == name


@pytest.fixture
def catalogue():
    tax = AdministrationFactory(name="Administration des contributions directes", slug="acd")
    procedure = ProcedureFactory(
        title="Déclaration d'impôt sur le revenu", slug="declaration-impot", administrations=[tax]
    )
    ProcedureFactory(title="Allocation de naissance", slug="allocation-naissance")
    return procedure


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    element = focused(page)
    assert element["text"] == "Skip to main content"
    assert element["visible"]
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_citizen_signs_in_and_reports_a_pain_point(page, catalogue):
    citizen = UserFactory(email="lea@example.lu", public_name="Léa")
    page.goto("/accounts/login/")
    tab_to(page, field("login"))
    page.keyboard.type(citizen.email)
    tab_to(page, field("password"))
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out (Léa)")).to_be_visible()

    tab_to(page, named("Report a pain point"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report a pain point or share an idea"
    )

    # The procedure combobox: type, arrow down to the option, Enter chooses it.
    tab_to(page, field("procedure_query"))
    page.keyboard.type("déclaration impôt", delay=20)
    combo = page.get_by_role("combobox", name="Procedure")
    expect(page.get_by_role("option", name=re.compile("Déclaration d'impôt"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(combo).to_have_attribute("aria-activedescendant", "procedure-listbox-option-0")
    page.keyboard.press("Enter")
    expect(combo).to_have_value(catalogue.title)
    expect(page.get_by_role("listbox")).to_be_hidden()

    # Radio buttons: Tab reaches the group, arrow keys move the choice, Space confirms it.
    tab_to(page, field("kind"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Pain point")).to_be_checked()
    tab_to(page, field("title"))
    page.keyboard.type("The same certificates every year")
    tab_to(page, field("body"))
    page.keyboard.type("Every year I send the same certificates the administration already has.")
    tab_to(page, field("suggestion"))
    page.keyboard.type("Keep them from one year to the next.")
    tab_to(page, named("Preview my post"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Publish my post")).to_be_visible()
    tab_to(page, named("Publish my post"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The same certificates every year")
    post = Post.objects.get(title="The same certificates every year")
    assert post.procedure == catalogue
    assert post.kind == "pain_point"
    assert post.author == citizen


def test_support_and_follow_a_post(page, live_server):
    post = PostFactory(title="The tax form is hard to read")
    citizen = UserFactory()
    sign_in_as(page, live_server, citizen)
    page.goto(post.get_absolute_url())

    tab_to(page, named("Me too: support"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Withdraw my support")).to_be_visible()
    assert Support.objects.filter(post=post, user=citizen).exists()

    tab_to(page, named("Follow: notify me of changes"))
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    assert Follow.objects.filter(post=post, user=citizen).exists()


def test_switch_language_with_the_language_form(page):
    page.goto("/posts/")
    tab_to(page, lambda element: element["id"] == "language-select")
    page.keyboard.type("Lë")  # type-ahead on a closed <select> picks "Lëtzebuergesch"
    expect(page.locator("#language-select")).to_have_value("lb")
    tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "lb")
    assert page.url.endswith("/posts/")
    # Shift+Tab from the page's end walks back to the language selector, still keyboard-only.
    tab_to(page, lambda element: element["id"] == "language-select", key="Shift+Tab", limit=80)


def test_search_and_filter_the_post_list(page):
    wanted = PostFactory(title="The tax form is hard to read", kind="pain_point")
    PostFactory(title="A tax idea", kind="idea")
    PostFactory(title="Birth allowance is late", kind="pain_point")
    page.goto("/posts/")
    tab_to(page, field("q"))
    page.keyboard.type("tax")
    tab_to(page, field("kind"))
    page.keyboard.type("P")  # "Pain point"
    expect(page.locator("select[name=kind]")).to_have_value("pain_point")
    tab_to(page, named("Show posts"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("1 post found")
    expect(page.get_by_role("link", name=wanted.title)).to_be_visible()
    assert "q=tax" in page.url and "kind=pain_point" in page.url
    # The result is reachable and opens with the keyboard too.
    tab_to(page, named(wanted.title))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(wanted.title)
