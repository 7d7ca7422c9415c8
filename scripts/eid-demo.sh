#!/usr/bin/env bash
# `make run-eid`: the demo site with two local OpenID Connect providers, to try the eID sign-in
# without a real identity provider. They are the providers the tests sign in against
# (tests/oidc_provider, django-oauth-toolkit) on 127.0.0.1:8101 ("LuxTrust / eID (demo)") and
# 127.0.0.1:8102 ("Government staff directory (demo)"), with two people each:
#   citizen eID:      jean / jean   (a citizen)
#   staff directory:  anne / anne   (a civil servant of the CTIE: groups + organisation claims)
# Never use these providers or passwords outside a demo.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DIR=.venv/eid-demo
HOST=${HOST:-127.0.0.1:8000}
rm -rf "$DIR" && mkdir -p "$DIR/eid" "$DIR/staff"

cat > "$DIR/eid/users.json" <<'JSON'
{"users": {"jean": {"password": "jean", "claims": {"sub": "LU-DEMO-CITIZEN-1", "name": "Jean Demo",
  "given_name": "Jean", "family_name": "Demo", "email": "jean.demo@example.lu", "email_verified": true}}}}
JSON
cat > "$DIR/staff/users.json" <<'JSON'
{"users": {"anne": {"password": "anne", "claims": {"sub": "STAFF-DEMO-1", "name": "Anne Demo",
  "email": "anne.demo@example.lu", "email_verified": true, "groups": ["civil-servants"],
  "organisation": "ctie.etat.lu"}}}}
JSON

trap 'kill 0' INT TERM EXIT
for spec in eid:8101 staff:8102; do
  id=${spec%%:*}; port=${spec##*:}
  "$PY" -m tests.oidc_provider.serve --data-dir "$DIR/$id" --port "$port" --provider-id "$id" \
    --client-id "demo-$id" --client-secret="demo-$id-secret" --users-file "$DIR/$id/users.json" \
    > "$DIR/$id/serve.out" 2>&1 &
done
for id in eid staff; do
  for _ in $(seq 60); do [ -f "$DIR/$id/port" ] && break; sleep 0.5; done
  [ -f "$DIR/$id/port" ] || { echo "provider $id did not start:"; cat "$DIR/$id/serve.out"; exit 1; }
done

export OIDC_PROVIDERS=eid,staff
export OIDC_EID_NAME="LuxTrust / eID (demo)" OIDC_EID_ISSUER=http://127.0.0.1:8101/o
export OIDC_EID_CLIENT_ID=demo-eid OIDC_EID_CLIENT_SECRET=demo-eid-secret
export OIDC_STAFF_NAME="Government staff directory (demo)" OIDC_STAFF_ISSUER=http://127.0.0.1:8102/o
export OIDC_STAFF_CLIENT_ID=demo-staff OIDC_STAFF_CLIENT_SECRET=demo-staff-secret
export OIDC_STAFF_CIVIL_SERVANT_CLAIM=groups OIDC_STAFF_CIVIL_SERVANT_VALUES=civil-servants
export OIDC_STAFF_ADMINISTRATION_CLAIM=organisation
echo "Sign in at http://$HOST/accounts/login/ : eID jean/jean (citizen), staff anne/anne (CTIE)"
"$PY" manage.py runserver "$HOST" --noreload
