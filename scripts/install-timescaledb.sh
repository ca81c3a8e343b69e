#!/usr/bin/env bash
# Builds TimescaleDB (Apache-licensed edition) from Debian's source package
# against the machine's PostgreSQL, preloads it and restarts the cluster.
# Idempotent: does nothing when the extension is already available and loaded.
# Usage: sudo bash scripts/install-timescaledb.sh   (PG_MAJOR defaults to the installed cluster)
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-$(ls /etc/postgresql | sort -n | tail -n 1)}
PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
CONF_FILE=/etc/postgresql/$PG_MAJOR/main/conf.d/60-timescaledb.conf
SUITE=${TIMESCALEDB_SOURCE_SUITE:-trixie}

log() { printf '[timescaledb] %s\n' "$*"; }

have_library() { [ -f "$($PG_CONFIG --pkglibdir)/timescaledb.so" ] && [ -f "$($PG_CONFIG --sharedir)/extension/timescaledb.control" ]; }

ensure_running() {
  if ! pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting PostgreSQL $PG_MAJOR"
    pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
  fi
}

if [ "$(id -u)" -ne 0 ]; then
  echo "install-timescaledb.sh must run as root (it installs packages and restarts PostgreSQL)" >&2
  exit 1
fi

if ! have_library; then
  log "building TimescaleDB from Debian's '$SUITE' source package against PostgreSQL $PG_MAJOR"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$PG_MAJOR" cmake dpkg-dev >/dev/null

  # The machine's own Debian mirror, read from its apt sources (never hard-coded here).
  mirror=$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
    | grep -E '^(URIs:|deb )' | grep -v security | grep -oE '[a-z]+://[^ ]+' | head -n 1 || true)
  [ -n "$mirror" ] || { echo "no Debian mirror found in apt sources" >&2; exit 1; }

  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/src"
  echo "deb-src $mirror $SUITE main" > "$work/sources.list"
  apt_opts=(-o "Dir::State::Lists=$work/lists" -o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only timescaledb >/dev/null)
  orig=$(ls "$work"/src/timescaledb_*.orig.tar.* | head -n 1)
  mkdir -p "$work/build"
  tar -xf "$orig" -C "$work/build" --strip-components=1
  (
    cd "$work/build"
    ./bootstrap -DPG_CONFIG="$PG_CONFIG" -DAPACHE_ONLY=1 -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF \
      -DWARNINGS_AS_ERRORS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
    make -C build -j"$(nproc)" install >/dev/null
  )
  log "built and installed"
else
  log "library already installed"
fi

if [ ! -f "$CONF_FILE" ]; then
  printf "shared_preload_libraries = 'timescaledb'\ntimescaledb.telemetry_level = off\n" > "$CONF_FILE"
  log "wrote $CONF_FILE"
fi

loaded=$(psql -h 127.0.0.1 -U postgres -Atqc "show shared_preload_libraries" 2>/dev/null || true)
if [[ "$loaded" != *timescaledb* ]]; then
  log "restarting PostgreSQL $PG_MAJOR to preload timescaledb"
  if pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1==v && $2=="main" {print $4}' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main restart
  fi
fi
ensure_running
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
psql -h 127.0.0.1 -U postgres -Atqc "show shared_preload_libraries" | grep -q timescaledb
log "ready: $(psql -h 127.0.0.1 -U postgres -Atqc "select default_version from pg_available_extensions where name='timescaledb'")"
