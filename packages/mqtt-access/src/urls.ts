/** Thrown for a broker URL that cannot be parsed. */
export class MqttUrlError extends Error {
  readonly code = 'TWIN_MQTT_BAD_URL';
}

/**
 * The broker URL with this username and password in place of any it carried (MQTT.js reads
 * credentials from the URL, and they win over its username/password options).
 */
export function withCredentials(url: string, username: string, password: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MqttUrlError(`not a URL: ${url}`);
  }
  parsed.username = encodeURIComponent(username);
  parsed.password = encodeURIComponent(password);
  return parsed.toString().replace(/\/$/, '');
}

/** The URL with its password masked, for logs. */
export function redactMqttUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
