"""Signing a browser in as a test user without going through the sign-in form (each flow that
is about the form itself fills it in)."""

from django.test import Client


def sign_in_as(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
