import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '@city-twin/db';
import { GraphQLError } from 'graphql';

/** Per-request context of every resolver. */
export interface Context {
  db: Db;
  /** Who acts: the name written into the alert log. */
  user: string;
}

const USER_HEADER = 'x-twin-user';
const DEFAULT_USER = 'operator';
const MAX_USER_LENGTH = 64;

function badUser(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/**
 * A header value as text. HTTP carries bytes: a name like 王伟 arrives either as raw UTF-8
 * (Node reads header bytes as Latin-1) or percent-encoded (`%E7%8E%8B%E4%BC%9F`, what a browser
 * must send, since fetch refuses other characters in headers).
 */
function decodeHeader(raw: string): string {
  let text = raw;
  if (/[\x80-\xff]/.test(text)) {
    const utf8 = Buffer.from(text, 'latin1').toString('utf8');
    if (!utf8.includes('\uFFFD')) text = utf8;
  }
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // Not percent-encoding after all (a name with a literal %): taken as it is.
    }
  }
  return text;
}

/**
 * The acting user of a request (HTTP, or the WebSocket upgrade). Until access control lands
 * it is whatever the `x-twin-user` header says (raw UTF-8 or percent-encoded), trimmed, else
 * `operator`; the access-control issue replaces this function with the authenticated user.
 */
export function userOf(headers: IncomingHttpHeaders): string {
  const raw = headers[USER_HEADER];
  const user = decodeHeader((Array.isArray(raw) ? raw[0] : raw) ?? '').trim();
  if ([...user].length > MAX_USER_LENGTH) {
    throw badUser(`${USER_HEADER} is at most ${MAX_USER_LENGTH} characters`);
  }
  if (/\p{Cc}/u.test(user)) throw badUser(`${USER_HEADER} must not contain control characters`);
  return user === '' ? DEFAULT_USER : user;
}

/** The context of one operation. */
export function createContext(db: Db, headers: IncomingHttpHeaders): Context {
  return { db, user: userOf(headers) };
}
