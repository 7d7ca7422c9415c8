from django.contrib.auth.views import LoginView
from django.urls import include, path

urlpatterns = [
    # DOT under /o/: issuer is http://127.0.0.1:<port>/o, discovery at issuer + /.well-known/...
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(template_name="oidc_login.html"), name="login"),
]
