#!/usr/bin/env bash
# Backs up a City Twin database to one file (pg_dump's custom format):
#   scripts/backup.sh <database URL> <file>
# Runs against a live database: pg_dump takes one consistent snapshot. With TimescaleDB the
# dump holds the extension's catalog too; restore it with scripts/restore.sh, into a server
# with the same TimescaleDB version. pg_dump may warn about circular foreign keys in
# TimescaleDB's catalog tables: expected, and harmless with restore.sh.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <database URL> <file>" >&2
  exit 2
fi
url=$1
file=$2

for tool in pg_dump psql; do
  command -v "$tool" >/dev/null || { echo "backup: $tool not found (postgresql-client)" >&2; exit 1; }
done

version=$(psql "$url" -Atqc "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
tmp="$file.partial"
# Written beside the target and renamed: a failed run never leaves a truncated backup behind.
pg_dump --format=custom --no-owner --file="$tmp" "$url"
mv "$tmp" "$file"
echo "backup: wrote $file ($(du -h "$file" | cut -f1))${version:+, TimescaleDB $version}"
