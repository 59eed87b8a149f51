#!/usr/bin/env bash
# Start the dashboard's app servers, one per port, all on one shared store, for the upstream of
# deploy/nginx.conf (README, "Serving a team"):
#
#     deploy/run-servers.sh 8501 8502
#
# Their settings come from the file DASHBOARD_ENV names (default /etc/mali-dashboard/dashboard.env,
# read when it exists; see deploy/dashboard.env.example), else from the environment:
#   DASHBOARD_DB       the shared PostgreSQL + PostGIS database, as a SQLAlchemy URL
#   DASHBOARD_ACCESS   the roles file (access.toml.example)
#   DASHBOARD_SECRETS  the secrets file with the [auth] section. Every server reads the same file:
#                      with one cookie_secret, a browser that moves to another server (its own
#                      stopped) stays signed in.
# The store is migrated once, then the servers start. With one port the server takes this script's
# place (deploy/mali-dashboard@.service runs it so, one port per instance, and restarts it); with
# several they run side by side until this script is stopped (Ctrl-C or SIGTERM stops them all).
# DASHBOARD_PYTHON: the Python of the project's environment (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=${DASHBOARD_ENV:-/etc/mali-dashboard/dashboard.env}
if [[ -f $env_file ]]; then
    set -a
    # shellcheck source=dashboard.env.example
    . "$env_file"
    set +a
fi
: "${DASHBOARD_DB:?the shared database: set DASHBOARD_DB (see deploy/dashboard.env.example)}"
: "${DASHBOARD_ACCESS:?the roles file: set DASHBOARD_ACCESS (see deploy/dashboard.env.example)}"
: "${DASHBOARD_SECRETS:?the secrets file: set DASHBOARD_SECRETS (see deploy/dashboard.env.example)}"
[[ -r $DASHBOARD_SECRETS ]] || { echo "run-servers: cannot read the secrets file $DASHBOARD_SECRETS" >&2; exit 2; }
(( $# )) || { echo "usage: deploy/run-servers.sh PORT [PORT...]" >&2; exit 2; }
export DASHBOARD_DB DASHBOARD_ACCESS
python=${DASHBOARD_PYTHON:-.venv/bin/python}

"$python" -m geo store init

serve() {
    exec "$python" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
        --server.port "$1" --secrets.files "$DASHBOARD_SECRETS"
}
if (( $# == 1 )); then
    serve "$1"
fi
servers=()
for port in "$@"; do
    serve "$port" &
    servers+=($!)
done
trap 'kill "${servers[@]}" 2>/dev/null || true' INT TERM EXIT
wait
