import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { insertFacts, listFacts } from '../../core/db/learned-facts.js';
import { databaseForSuite, describeEachAdapter, factRow, newUser } from './database-fixtures.js';

describeEachAdapter('learned facts through $name', (adapter) => {
  const db = databaseForSuite(adapter);

  test('listFacts returns one import’s facts as saved, by category then text', async () => {
    const userId = await newUser(db);
    const ref = { userId, importId: randomUUID() };
    const other = { userId, importId: randomUUID() };
    const saved = [
      factRow(ref, 1, { category: 'relationships', fact: 'Partner Joost is a pastry chef' }),
      factRow(ref, 2, { category: 'dates', fact: 'Wedding', factDate: '12 September 2026' }),
      factRow(ref, 3, { category: 'dates', fact: 'Exam', evidence: 'my exam', confidence: 0.5 }),
    ];
    await insertFacts(db, [...saved, factRow(other, 4)]);

    const listed = await listFacts(db, ref);
    expect(listed.map((f) => f.fact)).toEqual([
      'Exam',
      'Wedding',
      'Partner Joost is a pastry chef',
    ]);
    expect(listed[0]).toEqual(saved[2]);
    expect(listed[1]).toEqual(saved[1]);
    expect(await listFacts(db, { userId, importId: randomUUID() })).toEqual([]);
  });
});
