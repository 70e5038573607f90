import { connect, type Socket } from 'node:net';
import { protocol } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedDatabaseHost, hostEmbeddedDatabase } from './host-embedded-database.js';

/**
 * The dispatcher's in-process queries and a job's socket connection share PGlite's single
 * backend. With the gate bypassed, four of these fail (measured): the dispatcher's write
 * disappears with the job's rollback, overlapping transactions commit each other half-way, and
 * a killed client's transaction or half-sent statement swallows or blocks the dispatcher.
 */
let host: EmbeddedDatabaseHost;
let sql: postgres.Sql;

beforeAll(async () => {
  host = await hostEmbeddedDatabase({ dataDir: 'memory://', watchdogMs: 50 });
  await host.db.exec('create table public.gate_test (who text, n int)');
}, 60_000);
afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await host?.close();
});
beforeEach(async () => {
  await sql?.end({ timeout: 1 });
  sql = postgres(host.jobDatabaseUrl, { max: 1, onnotice: () => {} });
  await host.db.exec('delete from public.gate_test');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = async () =>
  (await host.db.query<{ who: string }>('select who from public.gate_test order by who')).map(
    (r) => r.who,
  );

describe('the embedded database shared by the dispatcher and a job', () => {
  it("keeps a dispatcher write out of a job's transaction that rolls back", async () => {
    const dispatcherWrite = sql
      .begin(async (tx) => {
        await tx`insert into public.gate_test values ('job', 1)`;
        const write = host.db.query(`insert into public.gate_test values ('dispatcher', 1)`);
        await sleep(30);
        await tx`select 1`;
        void write;
        throw new Error('the job rolls back');
      })
      .catch(() => {});
    await dispatcherWrite;
    await sleep(10);
    expect(await rows()).toEqual(['dispatcher']);
  });

  it("keeps a job's write out of a dispatcher transaction that rolls back", async () => {
    let jobWrite: Promise<unknown> = Promise.resolve();
    await host.db
      .transaction(async (tx) => {
        await tx.query(`insert into public.gate_test values ('dispatcher', 2)`);
        jobWrite = sql`insert into public.gate_test values ('job', 2)`;
        await sleep(30);
        throw new Error('the dispatcher rolls back');
      })
      .catch(() => {});
    await jobWrite;
    expect(await rows()).toEqual(['job']);
  });

  it('runs overlapping transactions of both sides one after the other', async () => {
    const dispatcher = host.db
      .transaction(async (tx) => {
        await tx.query(`insert into public.gate_test values ('d1', 1)`);
        await sleep(20);
        await tx.query(`insert into public.gate_test values ('d2', 2)`);
        throw new Error('rolled back');
      })
      .catch(() => {});
    const job = sql.begin(async (tx) => {
      await tx`insert into public.gate_test values ('j1', 1)`;
      await sleep(20);
      await tx`insert into public.gate_test values ('j2', 2)`;
    });
    await Promise.all([dispatcher, job]);
    expect(await rows()).toEqual(['j1', 'j2']);
  });

  it('answers many interleaved statements of both sides correctly', async () => {
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      work.push(sql`select ${i}::int as n`.then((r) => expect(r[0]?.n).toBe(i)));
      work.push(
        host.db
          .query<{ n: number }>('select $1::int as n', [i])
          .then((r) => expect(r[0]?.n).toBe(i)),
      );
    }
    await Promise.all(work);
  });

  it('rolls back what a job killed inside a transaction left, and carries on', async () => {
    const other = postgres(host.jobDatabaseUrl, { max: 1, onnotice: () => {} });
    await sql.end({ timeout: 1 });
    const reserved = await other.reserve();
    await reserved`begin`;
    await reserved`insert into public.gate_test values ('killed', 1)`;
    const waiting = host.db.query(`insert into public.gate_test values ('dispatcher', 3)`);
    // Kill the connection, as an OOM kill of the job would.
    await other.end({ timeout: 0 });
    await waiting;
    expect(await rows()).toEqual(['dispatcher']);
    sql = postgres(host.jobDatabaseUrl, { max: 1, onnotice: () => {} });
    expect((await sql`select 1 as ok`)[0]?.ok).toBe(1);
  });

  it('rolls back what a client killed between Parse and Sync left, and carries on', async () => {
    await sql.end({ timeout: 1 });
    const socket = await rawClient(host.jobDatabaseUrl);
    const { serialize } = protocol;
    socket.write(serialize.parse({ text: `insert into public.gate_test values ('orphan', 1)` }));
    socket.write(serialize.bind({}));
    socket.write(serialize.execute({}));
    await sleep(50);
    const waiting = host.db.query(`insert into public.gate_test values ('dispatcher', 4)`);
    socket.destroy();
    await waiting;
    expect(await rows()).toEqual(['dispatcher']);
    sql = postgres(host.jobDatabaseUrl, { max: 1, onnotice: () => {} });
    expect((await sql`select 2 as ok`)[0]?.ok).toBe(2);
  });
});

/** A raw protocol connection past the startup exchange. */
async function rawClient(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(Buffer.concat([startup, params]));
  await new Promise<void>((resolve) => {
    let seen = Buffer.alloc(0);
    const onData = (data: Buffer) => {
      seen = Buffer.concat([seen, data]);
      if (seen.includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49]))) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  return socket;
}
