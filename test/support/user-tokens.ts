import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';

/** Signs Supabase-shaped user access tokens for tests (HS256 secret or an ES256 key pair). */

export const JWT_SECRET = 'test-jwt-secret-with-at-least-32-characters!';
export const ISSUER = 'https://project.supabase.co/auth/v1';

export interface TokenOptions {
  sub: string;
  role?: string;
  aud?: string;
  iss?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

function claims(options: TokenOptions): JWTPayload {
  return { sub: options.sub, role: options.role ?? 'authenticated', email: 'someone@example.com' };
}

export async function hs256Token(options: TokenOptions, secret = JWT_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims(options))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(options.aud ?? 'authenticated')
    .setIssuer(options.iss ?? ISSUER)
    .setIssuedAt(now - 10)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(secret));
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function es256Key(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export async function es256Token(key: SigningKey, options: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims(options))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setAudience(options.aud ?? 'authenticated')
    .setIssuer(options.iss ?? ISSUER)
    .setIssuedAt(now - 10)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(key.privateKey);
}

/** The same token with its payload edited and the signature kept: must not verify. */
export function tamper(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  edit(decoded);
  return `${header}.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
}
