"""/accounts/oidc/<provider_id>/login/ and .../login/callback/, as allauth names them (allauth
includes this module because NationalOIDCProvider lives in this package)."""

from django.urls import include, path, re_path

from . import views

urlpatterns = [
    path(
        "oidc/",
        include(
            [
                re_path(
                    r"^(?P<provider_id>[^/]+)/",
                    include(
                        [
                            path("login/", views.login, name="openid_connect_login"),
                            path(
                                "login/callback/",
                                views.callback,
                                name="openid_connect_callback",
                            ),
                        ]
                    ),
                )
            ]
        ),
    )
]
