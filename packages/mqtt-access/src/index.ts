/** MQTT identities, their topic rights, and the broker configuration made from them. */
export {
  ID_PATTERN,
  MqttIdentityError,
  identityName,
  parseIdentity,
  toIdentity,
  type MqttIdentity,
} from './identity.ts';
export {
  DEFAULT_TOPIC_PREFIX,
  MAX_PACKET_BYTES,
  MAX_PAYLOAD_BYTES,
  MqttPrefixError,
  canPublish,
  canSubscribe,
  filterWithin,
  rightsOf,
  topicMatches,
  unshare,
  type TopicRights,
} from './rights.ts';
export {
  DEFAULT_ITERATIONS,
  generatePassword,
  hashPassword,
  verifyPassword,
  type PasswordHash,
} from './passwords.ts';
export {
  DynsecConfigError,
  parseDynamicSecurityAccounts,
  parseDynamicSecurityPrefix,
  toDynamicSecurityConfig,
  type BrokerAccount,
  type DynsecAcl,
  type DynsecClient,
  type DynsecConfig,
  type DynsecRole,
} from './dynamic-security.ts';
export {
  createAedesAccessHooks,
  type AedesAccessHooks,
  type AedesAccessOptions,
  type BrokerAuthError,
} from './aedes-hooks.ts';
export { MqttUrlError, redactMqttUrl, withCredentials } from './urls.ts';
export { createPacketSizeGuard } from './packet-size-guard.ts';
