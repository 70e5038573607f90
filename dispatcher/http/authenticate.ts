import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../core/secret.js';
import { unauthenticated } from './api-errors.js';
import type { Principal } from './principal.js';
import { createUserJwtVerifier, type UserJwtSettings } from './verify-user-jwt.js';

export interface AuthSettings extends UserJwtSettings {
  /** Server-to-server callers send this as their bearer token. */
  serviceToken: Secret | undefined;
}

export type Authenticate = (authorization: string | undefined) => Promise<Principal>;

/**
 * `Authorization: Bearer <token>`: the service token (compared in constant time), else a
 * Supabase user JWT. No header, or no usable token → 401.
 */
export function createAuthenticator(settings: AuthSettings): Authenticate {
  const verifyUserJwt = createUserJwtVerifier(settings);
  const serviceDigest = settings.serviceToken ? digest(settings.serviceToken.reveal()) : undefined;
  return async function authenticate(authorization) {
    if (!authorization) throw unauthenticated('Send Authorization: Bearer <token>.');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    const token = match[1] as string;
    if (serviceDigest && timingSafeEqual(digest(token), serviceDigest)) return { kind: 'service' };
    return { kind: 'user', userId: await verifyUserJwt(token) };
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
