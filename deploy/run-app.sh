#!/bin/sh
# Container entry point: runs the app named by $APP (see deploy/Dockerfile), compiled in dist/.
# `exec` makes node PID 1, so SIGTERM reaches it and its graceful shutdown runs.
set -eu
case "${APP:-}" in
  "") echo "APP is not set: one of records, workflow, audit, change-sets, webhooks, gateway, migrate" >&2; exit 64 ;;
  migrate) exec node dist/tools/migrate/main.js ;;
esac
if [ ! -f "dist/apps/${APP}/src/main.js" ]; then
  echo "unknown APP '${APP}': no dist/apps/${APP}/src/main.js" >&2
  exit 64
fi
exec node "dist/apps/${APP}/src/main.js"
