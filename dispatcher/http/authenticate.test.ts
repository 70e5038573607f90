import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import { ScriptedJsonServer } from '../../test/fakes/scripted-json-server.js';
import {
  es256Key,
  es256Token,
  hs256Token,
  ISSUER,
  JWT_SECRET,
  type SigningKey,
  tamper,
} from '../../test/support/user-tokens.js';
import { type Authenticate, createAuthenticator } from './authenticate.js';

const USER = '11111111-1111-4111-8111-111111111111';
const SERVICE_TOKEN = 'service-token-of-at-least-thirty-two-chars';

let jwks: ScriptedJsonServer;
let key: SigningKey;
let stranger: SigningKey;
let authenticate: Authenticate;

beforeAll(async () => {
  key = await es256Key('key-1');
  stranger = await es256Key('key-1'); // same kid, different key: a forgery
  jwks = await new ScriptedJsonServer({
    fallback: () => ({ body: { keys: [key.publicJwk] } }),
  }).listen();
  authenticate = createAuthenticator({
    serviceToken: new Secret(SERVICE_TOKEN),
    jwtSecret: new Secret(JWT_SECRET),
    jwksUrl: `${jwks.url}/auth/v1/.well-known/jwks.json`,
    issuer: ISSUER,
  });
});
afterAll(() => jwks?.close());

async function failure(header: string | undefined): Promise<{ code: string; message: string }> {
  try {
    await authenticate(header);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected authentication to fail');
}

describe('authentication', () => {
  it("accepts a user's ES256 token verified against the project's JWKS", async () => {
    const token = await es256Token(key, { sub: USER });
    expect(await authenticate(`Bearer ${token}`)).toEqual({ kind: 'user', userId: USER });
    expect(jwks.requests.at(-1)?.path).toBe('/auth/v1/.well-known/jwks.json');
  });

  it("accepts a user's HS256 token signed with the project's JWT secret", async () => {
    const token = await hs256Token({ sub: USER });
    expect(await authenticate(`bearer ${token}`)).toEqual({ kind: 'user', userId: USER });
  });

  it('accepts the service token', async () => {
    expect(await authenticate(`Bearer ${SERVICE_TOKEN}`)).toEqual({ kind: 'service' });
  });

  it('refuses a request without credentials', async () => {
    expect(await failure(undefined)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await failure(`Basic ${Buffer.from('a:b').toString('base64')}`)).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses an expired token', async () => {
    const token = await hs256Token({ sub: USER, expiresIn: -60 });
    expect(await failure(`Bearer ${token}`)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'The token has expired; sign in again.',
    });
  });

  it('refuses a token for another audience', async () => {
    const token = await es256Token(key, { sub: USER, aud: 'other-app' });
    expect(await failure(`Bearer ${token}`)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'The token\'s "aud" claim is not accepted.',
    });
  });

  it('refuses a token from another issuer', async () => {
    const token = await hs256Token({ sub: USER, iss: 'https://other.supabase.co/auth/v1' });
    expect(await failure(`Bearer ${token}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each(['anon', 'service_role'])('refuses a valid token whose role is %s', async (role) => {
    const token = await hs256Token({ sub: USER, role });
    expect(await failure(`Bearer ${token}`)).toEqual({
      code: 'FORBIDDEN',
      message: 'This token does not belong to a signed-in user.',
    });
  });

  it('refuses a tampered token', async () => {
    const token = await es256Token(key, { sub: USER });
    const other = tamper(token, (payload) => {
      payload.sub = '22222222-2222-4222-8222-222222222222';
    });
    expect(await failure(`Bearer ${other}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const promoted = tamper(await hs256Token({ sub: USER, role: 'anon' }), (payload) => {
      payload.role = 'authenticated';
    });
    expect(await failure(`Bearer ${promoted}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a token signed with a key the project does not have', async () => {
    const forged = await es256Token(stranger, { sub: USER });
    expect(await failure(`Bearer ${forged}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const wrongSecret = await hs256Token({ sub: USER }, 'another-secret-of-at-least-32-characters');
    expect(await failure(`Bearer ${wrongSecret}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses unsigned tokens and garbage', async () => {
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: USER, role: 'authenticated', aud: 'authenticated' }),
    ).toString('base64url');
    expect(await failure(`Bearer ${header}.${payload}.`)).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await failure('Bearer not-a-token')).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'The bearer token is not a valid JWT.',
    });
  });

  it('refuses a token without a user id', async () => {
    const token = await hs256Token({ sub: 'not-a-uuid' });
    expect(await failure(`Bearer ${token}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses HS256 tokens when only the JWKS is configured', async () => {
    const jwksOnly = createAuthenticator({
      serviceToken: undefined,
      jwtSecret: undefined,
      jwksUrl: `${jwks.url}/auth/v1/.well-known/jwks.json`,
      issuer: ISSUER,
    });
    await expect(jwksOnly(`Bearer ${await hs256Token({ sub: USER })}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
