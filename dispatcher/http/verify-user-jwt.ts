import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { Secret } from '../../core/secret.js';
import { forbidden, unauthenticated } from './api-errors.js';

export interface UserJwtSettings {
  /** The project's JWKS (`<SUPABASE_URL>/auth/v1/.well-known/jwks.json`), for asymmetric keys. */
  jwksUrl: string | undefined;
  /** The legacy shared secret, for HS256 tokens. */
  jwtSecret: Secret | undefined;
  /** Expected `iss` (`<SUPABASE_URL>/auth/v1`); unchecked when undefined. */
  issuer: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ASYMMETRIC = ['RS256', 'ES256', 'EdDSA'];

/**
 * Verifies a Supabase user's access token locally (no call to the Auth server): signature
 * (JWKS, cached 10 minutes, or the HS256 secret), expiry, `aud` = authenticated, `iss` when
 * configured, then `role` = authenticated. Returns the user id (`sub`). Revocation before
 * `exp` is not seen, as with any local verification.
 */
export function createUserJwtVerifier(
  settings: UserJwtSettings,
): (token: string) => Promise<string> {
  const jwks: JWTVerifyGetKey | undefined = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: 30_000,
        timeoutDuration: 5000,
      })
    : undefined;
  const secret = settings.jwtSecret
    ? new TextEncoder().encode(settings.jwtSecret.reveal())
    : undefined;
  const claims = {
    audience: 'authenticated',
    clockTolerance: 5,
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
  };

  return async function verifyUserJwt(token: string): Promise<string> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (error) {
      throw unauthenticated('The bearer token is not a valid JWT.', error);
    }
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && secret) {
        payload = (await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] })).payload;
      } else if (alg !== undefined && ASYMMETRIC.includes(alg) && jwks) {
        payload = (await jwtVerify(token, jwks, { ...claims, algorithms: ASYMMETRIC })).payload;
      } else {
        throw unauthenticated(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted.`);
      }
    } catch (error) {
      throw authFailure(error);
    }
    if (payload.role !== 'authenticated') {
      throw forbidden('This token does not belong to a signed-in user.');
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) {
      throw unauthenticated('The token names no user.');
    }
    return payload.sub;
  };
}

/** The caller's token problems are 401s; failing to fetch our own keys is ours (rethrown). */
function authFailure(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) {
    return unauthenticated('The token has expired; sign in again.', error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return unauthenticated(`The token's "${error.claim}" claim is not accepted.`, error);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return unauthenticated('The token is not valid.', error);
  }
  return error;
}
