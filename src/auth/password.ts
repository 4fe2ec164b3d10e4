// Password hashing: argon2id with the parameters OWASP recommends (19 MiB, 2 passes).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;

// algorithm 2 = Argon2id (the library's const enum cannot be imported under verbatimModuleSyntax)
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false; // a malformed hash never verifies
  }
}

/** A random password of 20 characters (120 bits), for a new account or a reset: shown once. */
export function randomPassword(): string {
  return randomBytes(15).toString('base64url');
}
