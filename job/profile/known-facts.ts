import type { AccountFacts } from './account-facts.js';
import { rankFacts, type StatedFact } from './profile-evidence.js';
import type { StatementKind } from './self-statements.js';

/**
 * The person's facts, from their self-statements in conversations and from the account
 * context (which counts double: it is what they wrote about themselves, or what ChatGPT saved).
 */
export interface KnownFacts {
  name: string | null;
  address: string | null;
  location: string | null;
  origin: string | null;
  occupation: string | null;
  relationships: string[];
  projects: string[];
  learning: string[];
  decisions: string[];
}

const ACCOUNT_WEIGHT = 2;
const MAX_LISTED = 10;

export function knownFacts(
  fromChats: Record<StatementKind, StatedFact[]>,
  account: AccountFacts,
): KnownFacts {
  const fromAccount = new Map<StatementKind, StatedFact[]>();
  for (const statement of account.statements) {
    const list = fromAccount.get(statement.kind) ?? [];
    const known = list.find((fact) => fact.key === statement.key);
    if (known) known.count += ACCOUNT_WEIGHT;
    else
      list.push({
        key: statement.key,
        value: statement.value,
        count: ACCOUNT_WEIGHT,
        lastAt: Number.MAX_SAFE_INTEGER,
      });
    fromAccount.set(statement.kind, list);
  }
  const chats = (kind: StatementKind) => fromChats[kind] ?? [];
  const acct = (kind: StatementKind) => rankFacts([...(fromAccount.get(kind) ?? [])]);
  const merged = (kind: StatementKind) => merge(chats(kind), acct(kind));

  const name = merged('name')[0]?.value ?? null;
  return {
    name,
    address: merged('address')[0]?.value ?? name?.split(/\s+/)[0] ?? null,
    location: place(chats('location')[0]?.value, acct('location')[0]?.value),
    origin: merged('origin')[0]?.value ?? null,
    occupation: mostSpecific(merged('occupation').map((fact) => fact.value)),
    relationships: values(merged('relationship')),
    projects: values(merged('project')),
    learning: values(merged('learning')),
    decisions: values(merged('decision')),
  };
}

function merge(a: readonly StatedFact[], b: readonly StatedFact[]): StatedFact[] {
  const byKey = new Map<string, StatedFact>();
  for (const fact of [...a, ...b]) {
    const known = byKey.get(fact.key);
    if (!known) byKey.set(fact.key, { ...fact });
    else {
      known.count += fact.count;
      known.lastAt = Math.max(known.lastAt, fact.lastAt);
      if (fact.value.length > known.value.length) known.value = fact.value;
    }
  }
  return rankFacts([...byKey.values()]);
}

function values(facts: readonly StatedFact[]): string[] {
  return facts.slice(0, MAX_LISTED).map((fact) => fact.value);
}

/**
 * Where they live: what they said in a chat is usually the most specific ("Ghent"); the
 * account's place, when different, is added in brackets ("Ghent (Belgium)").
 */
function place(chat: string | undefined, account: string | undefined): string | null {
  const primary = chat ?? account;
  if (!primary) return null;
  if (!account || primary.toLowerCase().includes(account.toLowerCase())) return primary;
  return `${primary} (${account})`;
}

/** The top candidate, or a more specific one that ends with it ("acoustic engineer" ⊃ "engineer"). */
function mostSpecific(candidates: readonly string[]): string | null {
  const top = candidates[0];
  if (top === undefined) return null;
  const finer = candidates.find(
    (c) => c !== top && c.toLowerCase().endsWith(` ${top.toLowerCase()}`),
  );
  return finer ?? top;
}
