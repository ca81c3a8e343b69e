/** Users, roles, sessions and wall-screen tokens: who may see and do what. */
export { AccessError, type AccessErrorCode } from './errors.ts';
export { ensureFirstAdmin, type FirstAdmin } from './first-admin.ts';
export { hashPassword, randomPassword, verifyPassword } from './password.ts';
export {
  createScreen,
  findScreen,
  listScreens,
  revokeScreen,
  screenToken,
  type Screen,
} from './screens.ts';
export {
  readToken,
  signingKey,
  signToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenClaims,
} from './tokens.ts';
export {
  ACCESS_CHANNEL,
  authenticate,
  createUser,
  disableUser,
  findUser,
  issueSession,
  listUsers,
  sessionHours,
  setPassword,
  type NewUser,
  type User,
} from './users.ts';
export { checkToken, verifyToken, type VerifiedToken } from './verify.ts';
export { isRole, roles, type Role, type Viewer } from './viewer.ts';
