import { describe, expect, test } from 'vitest';
import { loadDatabaseConfig } from '../../core/db/database-config.js';
import { AppError } from '../../core/errors.js';

describe('loadDatabaseConfig', () => {
  test('defaults to the embedded database in ./.soulprint', () => {
    expect(loadDatabaseConfig({})).toEqual({ kind: 'embedded', dataDir: './.soulprint' });
  });

  test('SOULPRINT_DATA_DIR picks the directory, and --data-dir wins over it', () => {
    expect(loadDatabaseConfig({ SOULPRINT_DATA_DIR: '/var/lib/soulprint' })).toEqual({
      kind: 'embedded',
      dataDir: '/var/lib/soulprint',
    });
    expect(
      loadDatabaseConfig({ SOULPRINT_DATA_DIR: '/var/lib/soulprint' }, { dataDir: 'memory://' }),
    ).toEqual({ kind: 'embedded', dataDir: 'memory://' });
  });

  test('DATABASE_URL wins over both and takes the pool size', () => {
    const env = {
      DATABASE_URL: ' postgresql://u:p@db.example.com:5432/postgres ',
      DATABASE_POOL_MAX: '8',
      SOULPRINT_DATA_DIR: '/ignored',
    };
    expect(loadDatabaseConfig(env, { dataDir: '/also-ignored' })).toEqual({
      kind: 'postgres',
      url: 'postgresql://u:p@db.example.com:5432/postgres',
      maxConnections: 8,
      transactionPooler: false,
      prepare: true,
      searchIndexMinChunks: 10_000,
    });
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://h/db' })).toMatchObject({
      maxConnections: 4,
    });
  });

  test.each([
    ['the direct connection', 'postgresql://postgres:pw@db.abcd.supabase.co:5432/postgres', false],
    [
      'the session pooler',
      'postgresql://postgres.abcd:pw@aws-0-eu-west-1.pooler.supabase.com:5432/postgres',
      false,
    ],
    [
      'the transaction pooler (port 6543)',
      'postgresql://postgres.abcd:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres',
      true,
    ],
    ['any URL with pgbouncer=true', 'postgres://u@127.0.0.1:6432/app?pgbouncer=true', true],
    ['pgbouncer=false', 'postgres://u@127.0.0.1:6432/app?pgbouncer=false', false],
  ])('prepared statements follow the URL: %s', (_, url, pooler) => {
    expect(loadDatabaseConfig({ DATABASE_URL: url })).toMatchObject({
      transactionPooler: pooler,
      prepare: !pooler,
    });
  });

  test('DATABASE_PREPARE overrides what the URL implies, either way', () => {
    const pooler = 'postgres://u@pooler.example.com:6543/postgres';
    expect(loadDatabaseConfig({ DATABASE_URL: pooler, DATABASE_PREPARE: 'true' })).toMatchObject({
      transactionPooler: true,
      prepare: true,
    });
    expect(
      loadDatabaseConfig({ DATABASE_URL: 'postgres://u@db/postgres', DATABASE_PREPARE: 'false' }),
    ).toMatchObject({ transactionPooler: false, prepare: false });
    expect(() =>
      loadDatabaseConfig({ DATABASE_URL: pooler, DATABASE_PREPARE: 'sometimes' }),
    ).toThrow(/DATABASE_PREPARE: expected true or false/);
  });

  test('SEARCH_INDEX_MIN_CHUNKS sets when an import gets its own index, or turns it off', () => {
    const url = 'postgres://u@db/postgres';
    expect(
      loadDatabaseConfig({ DATABASE_URL: url, SEARCH_INDEX_MIN_CHUNKS: '5000' }),
    ).toMatchObject({ searchIndexMinChunks: 5000 });
    expect(loadDatabaseConfig({ DATABASE_URL: url, SEARCH_INDEX_MIN_CHUNKS: 'off' })).toMatchObject(
      { searchIndexMinChunks: null },
    );
    expect(() => loadDatabaseConfig({ DATABASE_URL: url, SEARCH_INDEX_MIN_CHUNKS: '-3' })).toThrow(
      /SEARCH_INDEX_MIN_CHUNKS/,
    );
  });

  test('an empty DATABASE_URL counts as unset', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: '  ' })).toMatchObject({ kind: 'embedded' });
  });

  test('a malformed DATABASE_URL stops with CONFIG_INVALID naming it, without echoing it', () => {
    const failure = (() => {
      try {
        loadDatabaseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'CONFIG_INVALID', kind: 'config' });
    expect((failure as Error).message).toContain(
      'DATABASE_URL: expected a postgres:// or postgresql://',
    );
    expect((failure as Error).message).not.toContain('hunter2');
  });

  test('a password with a bad % escape stops with CONFIG_INVALID saying how to encode it', () => {
    const failure = (() => {
      try {
        loadDatabaseConfig({ DATABASE_URL: 'postgres://app:50%off@db.example.com:5432/postgres' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toMatchObject({ code: 'CONFIG_INVALID', kind: 'config' });
    expect((failure as Error).message).toContain('DATABASE_URL: has a "%" that is not followed');
    expect((failure as Error).message).not.toContain('50%off');
    expect(
      loadDatabaseConfig({ DATABASE_URL: 'postgres://app:50%25off@db/postgres' }),
    ).toMatchObject({
      kind: 'postgres',
    });
  });
});
