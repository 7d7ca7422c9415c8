"""Run one test OpenID Connect provider: `python -m tests.oidc_provider.serve --data-dir D ...`.

Binds the port first (0 = let the OS pick, so there is no race between choosing and binding),
then configures Django with the issuer that port implies, migrates a fresh SQLite database,
registers the test client, writes `<data-dir>/port` as the readiness signal and serves with
Django's threaded WSGI server (our app calls the token endpoint while a browser request waits).
"""

import argparse
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _rsa_pem() -> str:
    # A fresh signing key per run: nothing secret is ever committed or reused.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _register_client(args) -> None:
    from oauth2_provider.models import get_application_model

    callback = f"/accounts/oidc/{args.provider_id}/login/callback/"
    get_application_model().objects.update_or_create(
        client_id=args.client_id,
        defaults={
            "name": f"simplify-together ({args.provider_id})",
            "client_secret": args.client_secret,
            "client_type": "confidential",
            "authorization_grant_type": "authorization-code",
            "algorithm": "RS256",
            "skip_authorization": True,
            # 127.0.0.1 entries match any port (RFC 8252 loopback rule, DOT models.py).
            "redirect_uris": f"http://testserver{callback} http://127.0.0.1{callback}",
            "post_logout_redirect_uris": "http://testserver/ http://127.0.0.1/",
        },
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--provider-id", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--users-file", type=Path)
    args = parser.parse_args(argv)

    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    httpd = ThreadedWSGIServer(("127.0.0.1", args.port), WSGIRequestHandler)
    port = httpd.server_port

    data_dir = args.data_dir.resolve()
    users_file = (args.users_file or data_dir / "users.json").resolve()
    if not users_file.exists():
        users_file.write_text('{"users": {}}', encoding="utf-8")
    # Overwrite, never setdefault: pytest's DJANGO_SETTINGS_MODULE is inherited from the parent.
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
        OIDC_TEST_DATA_DIR=str(data_dir),
        OIDC_TEST_PORT=str(port),
        OIDC_TEST_PROVIDER_ID=args.provider_id,
        OIDC_TEST_USERS_FILE=str(users_file),
        OIDC_TEST_RSA_KEY=_rsa_pem(),
        OAUTHLIB_INSECURE_TRANSPORT="1",
    )

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    _register_client(args)

    httpd.set_app(get_wsgi_application())
    # Atomic readiness signal: the fixture polls for this file, then for discovery.
    tmp = data_dir / "port.tmp"
    tmp.write_text(str(port), encoding="utf-8")
    tmp.replace(data_dir / "port")
    print(f"OIDC test provider {args.provider_id} on http://127.0.0.1:{port}/o", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    sys.exit(main())
