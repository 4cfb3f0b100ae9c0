#!/bin/sh
# Container entry point: runs the app named by $APP (see deploy/Dockerfile). `exec` makes node
# PID 1, so SIGTERM reaches it and its graceful shutdown runs.
set -eu
case "${APP:-}" in
  "") echo "APP is not set: one of records, workflow, audit, change-sets, gateway (or run tools/migrate/main.ts)" >&2; exit 64 ;;
  migrate) exec node -r @swc-node/register tools/migrate/main.ts ;;
esac
if [ ! -f "apps/${APP}/src/main.ts" ]; then
  echo "unknown APP '${APP}': no apps/${APP}/src/main.ts" >&2
  exit 64
fi
exec node -r @swc-node/register "apps/${APP}/src/main.ts"
