/** Why an identity was refused; every code maps to UNAUTHENTICATED at the API. */
export type AccessErrorCode =
  | 'TWIN_BAD_CREDENTIALS'
  | 'TWIN_TOKEN_INVALID'
  | 'TWIN_TOKEN_EXPIRED'
  | 'TWIN_TOKEN_NOT_YET_VALID'
  | 'TWIN_TOKEN_REVOKED'
  | 'TWIN_USER_DISABLED'
  | 'TWIN_BAD_INPUT'
  | 'TWIN_NOT_FOUND'
  | 'TWIN_ALREADY_EXISTS';

/** A refused identity or a bad access-control request, with a stable code. */
export class AccessError extends Error {
  readonly code: AccessErrorCode;
  constructor(code: AccessErrorCode, message: string) {
    super(message);
    this.name = 'AccessError';
    this.code = code;
  }
}
