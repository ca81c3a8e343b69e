#!/usr/bin/env bash
# Installs what the city needs (pnpm, dependencies, the built UI) and starts it.
# Without DATABASE_URL / MQTT_URL it runs an embedded PostgreSQL and MQTT broker.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "[city] installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

pnpm install --frozen-lockfile --reporter=silent

# Rebuild the UI only when its sources are newer than the last build.
ui=packages/twin-ui
if [ ! -f "$ui/dist/index.html" ] || [ -n "$(find "$ui/src" "$ui/index.html" "$ui/vite.config.ts" -newer "$ui/dist/index.html" -print -quit)" ]; then
  echo "[city] building the UI"
  pnpm --filter @city-twin/twin-ui build >/dev/null
fi

cd packages/city
exec node --import tsx src/main.ts
