export { createGateway, type Gateway, type GatewayConfig } from './gateway.ts';
export { PERSONAL_DATA_ROLES, personalFields, policy, type FieldAccess } from './access/policy.ts';
