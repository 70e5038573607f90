import { describe, expect, test } from 'vitest';
import { driverUrl, isTransactionPoolerUrl } from '../../core/db/connection-url.js';

describe('connection URLs', () => {
  test('the driver never receives our pgbouncer marker, and other parameters stay', () => {
    expect(driverUrl('postgres://u:p@h:6432/db?pgbouncer=true&sslmode=require')).toBe(
      'postgres://u:p@h:6432/db?sslmode=require',
    );
    expect(driverUrl('postgres://u@h/db?sslmode=require')).toBe(
      'postgres://u@h/db?sslmode=require',
    );
  });

  test('port 6543 and pgbouncer=true mean a transaction pooler; a bad URL does not', () => {
    expect(isTransactionPoolerUrl('postgres://u@h:6543/db')).toBe(true);
    expect(isTransactionPoolerUrl('postgres://u@h:5432/db?pgbouncer=TRUE')).toBe(true);
    expect(isTransactionPoolerUrl('postgres://u@h:5432/db')).toBe(false);
    expect(isTransactionPoolerUrl('not a url')).toBe(false);
  });
});
