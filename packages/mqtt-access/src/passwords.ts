import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random password for a broker identity: 24 URL-safe characters (never `:`, safe in an MQTT URL). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A salted PBKDF2-SHA512 hash in Mosquitto's dynamic-security form (base64 hash and salt). */
export interface PasswordHash {
  password: string;
  salt: string;
  iterations: number;
}

/** Mosquitto 2.0's own default for dynamic-security clients. */
export const DEFAULT_ITERATIONS = 101;

/** Hashes a password with a fresh 12-byte salt, as `mosquitto_ctrl dynsec` does. */
export function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): PasswordHash {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return { password: hash.toString('base64'), salt: salt.toString('base64'), iterations };
}

/** Whether `password` matches a stored hash. */
export function verifyPassword(password: string, stored: PasswordHash): boolean {
  const expected = Buffer.from(stored.password, 'base64');
  const actual = pbkdf2Sync(
    password,
    Buffer.from(stored.salt, 'base64'),
    stored.iterations,
    expected.length,
    'sha512',
  );
  return expected.length > 0 && timingSafeEqual(expected, actual);
}
