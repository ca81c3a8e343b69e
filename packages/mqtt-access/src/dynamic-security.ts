import { identityName, parseIdentity, type MqttIdentity } from './identity.ts';
import { hashPassword, type PasswordHash } from './passwords.ts';
import { DEFAULT_TOPIC_PREFIX, rightsOf } from './rights.ts';

/** One ACL entry of Mosquitto's dynamic-security plugin. */
export interface DynsecAcl {
  acltype:
    | 'publishClientSend'
    | 'publishClientReceive'
    | 'subscribeLiteral'
    | 'subscribePattern'
    | 'unsubscribeLiteral'
    | 'unsubscribePattern';
  topic: string;
  allow: boolean;
  priority?: number;
}

/** A role: a named list of ACLs. */
export interface DynsecRole {
  rolename: string;
  textName?: string;
  acls: DynsecAcl[];
}

/** A client: a username with a password hash and roles. */
export interface DynsecClient extends PasswordHash {
  username: string;
  textName?: string;
  roles: { rolename: string; priority?: number }[];
}

/** The plugin's configuration file (`plugin_opt_config_file`). */
export interface DynsecConfig {
  clients: DynsecClient[];
  roles: DynsecRole[];
  groups?: unknown[];
  defaultACLAccess: {
    publishClientSend: boolean;
    publishClientReceive: boolean;
    subscribe: boolean;
    unsubscribe: boolean;
  };
}

/** An identity with either its clear password (hashed here) or an already stored hash. */
export interface BrokerAccount {
  identity: MqttIdentity;
  secret: { password: string } | { hash: PasswordHash };
}

/** Thrown for a dynamic-security file that cannot be read back. */
export class DynsecConfigError extends Error {
  readonly code = 'TWIN_MQTT_BAD_DYNSEC_CONFIG';
}

/**
 * The dynamic-security configuration for these accounts: one role per identity holding exactly its
 * rights, and everything not granted denied (publishing, subscribing).
 */
export function toDynamicSecurityConfig(
  accounts: readonly BrokerAccount[],
  prefix = DEFAULT_TOPIC_PREFIX,
): DynsecConfig {
  const clients: DynsecClient[] = [];
  const roles: DynsecRole[] = [];
  for (const { identity, secret } of accounts) {
    const username = identityName(identity);
    const rights = rightsOf(identity, prefix);
    const rolename = `role:${username}`;
    roles.push({
      rolename,
      acls: [
        ...rights.publish.map((topic): DynsecAcl => ({
          acltype: 'publishClientSend',
          topic,
          allow: true,
        })),
        // Mosquitto checks a shared subscription (`$share/<group>/…`) against its filter part.
        ...rights.subscribe.map((topic): DynsecAcl => ({
          acltype: 'subscribePattern',
          topic,
          allow: true,
        })),
      ],
    });
    const hash = 'password' in secret ? hashPassword(secret.password) : secret.hash;
    clients.push({ username, ...hash, roles: [{ rolename }] });
  }
  return {
    clients,
    roles,
    groups: [],
    defaultACLAccess: {
      publishClientSend: false,
      publishClientReceive: true,
      subscribe: false,
      unsubscribe: true,
    },
  };
}

function isHash(value: Record<string, unknown>): boolean {
  return (
    typeof value.password === 'string' &&
    typeof value.salt === 'string' &&
    typeof value.iterations === 'number'
  );
}

/** The accounts (identity and stored hash) of a dynamic-security file written by {@link toDynamicSecurityConfig}. */
export function parseDynamicSecurityAccounts(json: string): BrokerAccount[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new DynsecConfigError(`not JSON: ${(error as Error).message}`);
  }
  const clients = (parsed as { clients?: unknown }).clients;
  if (!Array.isArray(clients)) throw new DynsecConfigError('no "clients" array');
  return clients.map((raw: unknown) => {
    const client = (raw ?? {}) as Record<string, unknown>;
    const username = typeof client.username === 'string' ? client.username : '';
    const identity = parseIdentity(username);
    if (!identity) throw new DynsecConfigError(`client "${username}" is no City Twin identity`);
    if (!isHash(client)) throw new DynsecConfigError(`client "${username}" has no password hash`);
    const { password, salt, iterations } = client as unknown as PasswordHash;
    return { identity, secret: { hash: { password, salt, iterations } } };
  });
}

/** The topic prefix a file written by {@link toDynamicSecurityConfig} was made for (from the ingest role), if it says. */
export function parseDynamicSecurityPrefix(json: string): string | undefined {
  try {
    const config = JSON.parse(json) as Partial<DynsecConfig>;
    const ingest = config.roles?.find((role) => role.rolename === 'role:ingest');
    const pattern = ingest?.acls.find((acl) => acl.acltype === 'subscribePattern')?.topic;
    return pattern?.endsWith('/#') ? pattern.slice(0, -2) : undefined;
  } catch {
    return undefined;
  }
}
