#!/bin/sh
# Starts Mosquitto in the eclipse-mosquitto image (deploy/compose.yaml) with the project's
# city-twin.conf, rewritten for the image: its dynamic-security plugin is in /usr/lib (Debian
# keeps it in /usr/lib/<multiarch>/), the plugin file is mounted beside the configuration,
# and the listener, persistence and logging are the container's. The variables exist for
# tests/integration/deploy-compose.test.ts, which runs this script with Debian's Mosquitto.
set -eu
dir=${CITY_TWIN_MOSQUITTO_DIR:-/city-twin}
plugin=${MOSQUITTO_DYNSEC_PLUGIN:-/usr/lib/mosquitto_dynamic_security.so}
data=${MOSQUITTO_DATA_DIR:-/mosquitto/data}
port=${MOSQUITTO_PORT:-1883}
conf=${TMPDIR:-/tmp}/city-twin-mosquitto.conf
[ -f "$plugin" ] || { echo "start-in-container: no $plugin in this image" >&2; exit 1; }
[ -f "$dir/dynamic-security.json" ] || {
  echo "start-in-container: no $dir/dynamic-security.json: run 'pnpm twin mqtt init' first" >&2
  exit 1
}
sed -e "s#^plugin .*#plugin $plugin#" \
  -e "s#^plugin_opt_config_file .*#plugin_opt_config_file $dir/dynamic-security.json#" \
  "$dir/city-twin.conf" >"$conf"
cat >>"$conf" <<CONF
listener $port
persistence true
persistence_location $data/
autosave_interval 60
log_dest stdout
log_type error
log_type warning
log_type notice
CONF
exec mosquitto -c "$conf"
