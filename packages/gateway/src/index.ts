export { createGateway, type Gateway, type GatewayConfig } from './gateway.ts';
