#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a new, empty database:
#   scripts/restore.sh <file> <URL of the new database>
# The database must exist and be empty (createdb). With TimescaleDB in the dump, the server
# needs the same TimescaleDB version (shared_preload_libraries = timescaledb); the restore is
# bracketed by timescaledb_pre_restore() and timescaledb_post_restore(), as TimescaleDB asks.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <file> <URL of the new, empty database>" >&2
  exit 2
fi
file=$1
url=$2

for tool in pg_restore psql; do
  command -v "$tool" >/dev/null || { echo "restore: $tool not found (postgresql-client)" >&2; exit 1; }
done
[ -f "$file" ] || { echo "restore: no file $file" >&2; exit 1; }

tables=$(psql "$url" -Atqc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore: the target database is not empty ($tables tables); restore into a new one" >&2
  exit 1
fi

timescale=0
# Listed first, not piped into grep -q: under pipefail, grep leaving early fails the pipe.
contents=$(pg_restore --list "$file")
if grep -Eq ' EXTENSION - timescaledb( |$)' <<<"$contents"; then timescale=1; fi

if [ "$timescale" = 1 ]; then
  psql "$url" -v ON_ERROR_STOP=1 -qc "CREATE EXTENSION IF NOT EXISTS timescaledb" \
    -c "SELECT timescaledb_pre_restore()" >/dev/null
fi
status=0
pg_restore --no-owner --exit-on-error --dbname="$url" "$file" || status=$?
if [ "$timescale" = 1 ]; then
  # Always: pre_restore leaves the database in restoring mode (background jobs off).
  psql "$url" -v ON_ERROR_STOP=1 -qc "SELECT timescaledb_post_restore()" >/dev/null
fi
if [ "$status" != 0 ]; then
  echo "restore: pg_restore failed ($status)" >&2
  exit "$status"
fi
psql "$url" -v ON_ERROR_STOP=1 -qc "ANALYZE" >/dev/null
if [ "$timescale" = 1 ]; then echo "restore: $file restored (TimescaleDB)"; else echo "restore: $file restored"; fi
