import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExportReader } from '../export/read-export.js';
import type { AccountContext, NormalizedConversation } from '../export/types.js';
import { buildOfflineProfile } from './offline-profile.js';
import { type ProfileEvidence, ProfileEvidenceCollector } from './profile-evidence.js';
import { QuickSampleCollector, type SampledConversation } from './quick-sample.js';
import { isGenericAiName, NOT_ENOUGH_DATA, soulprintSchema } from './soulprint.js';

const SAMPLE_ZIP = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../samples/sample-export.zip',
);

interface ReadSample {
  evidence: ProfileEvidence;
  sample: SampledConversation[];
  account: AccountContext;
}

async function readSample(includeDoNotRemember = false): Promise<ReadSample> {
  const reader = await ExportReader.open(SAMPLE_ZIP, { includeDoNotRemember });
  const evidence = new ProfileEvidenceCollector();
  const sample = new QuickSampleCollector();
  for await (const item of reader.items()) {
    if (item.kind !== 'conversation') continue;
    evidence.add(item.conversation);
    sample.add(item.conversation);
  }
  return {
    evidence: evidence.evidence(),
    sample: sample.sample(),
    account: reader.accountContext(),
  };
}

const NO_ACCOUNT: AccountContext = {
  customInstructions: null,
  memorySnapshot: [],
  memoryWrites: [],
};

function chat(id: string, userTexts: string[], at = Date.UTC(2025, 5, 1)): NormalizedConversation {
  return {
    id,
    title: null,
    createdAt: at,
    updatedAt: at,
    model: null,
    idDerived: false,
    gizmo: null,
    doNotRemember: false,
    messages: userTexts.flatMap((text, i) => [
      { id: `${id}-u${i}`, role: 'user' as const, text, createdAt: at },
      { id: `${id}-a${i}`, role: 'assistant' as const, text: 'Here you go.', createdAt: at },
    ]),
  };
}

const evidenceOf = (...conversations: NormalizedConversation[]) => {
  const collector = new ProfileEvidenceCollector();
  for (const c of conversations) collector.add(c);
  return collector.evidence();
};

describe('buildOfflineProfile on samples/sample-export.zip', () => {
  let read: ReadSample;
  beforeAll(async () => {
    read = await readSample();
  });

  it('finds the planted name, city, occupation, partner, pet and sister', () => {
    const { user } = buildOfflineProfile({ evidence: read.evidence, account: read.account });
    expect(user.name).toBe('Ilse Vantongeren');
    expect(user.preferred_address).toBe('Ilse');
    expect(user.location).toMatch(/^Ghent\b/);
    expect(user.occupation).toBe('acoustic engineer');
    expect(user.relationships).toEqual(
      expect.arrayContaining(['Joost (partner, pastry chef)', 'Pimento (cat)', 'Femke (sister)']),
    );
    expect(user.life_context).toContain('Quietline');
    expect(user.interests).toContain('learning Dutch');
  });

  it('uses the account context: custom instructions and saved memory', () => {
    const profile = buildOfflineProfile({ evidence: read.evidence, account: read.account });
    expect(profile.agents.behavioral_rules).toContain(
      'Use metric units and European date formats.',
    );
    expect(profile.agents.do_not).toContain('pep talk');
    expect(profile.tools.depth_preference).toMatch(/^brief/);
    expect(profile.user.life_context).toContain('sourdough');
  });

  it('has a creative AI name, a 2–4 word archetype and "not enough data" where it cannot know', () => {
    const profile = buildOfflineProfile({ evidence: read.evidence, account: read.account });
    expect(isGenericAiName(profile.identity.ai_name)).toBe(false);
    expect(profile.identity.archetype.split(' ').length).toBeGreaterThanOrEqual(2);
    expect(profile.identity.archetype.split(' ').length).toBeLessThanOrEqual(4);
    expect(profile.soul.emotional_patterns).toBe(NOT_ENOUGH_DATA);
    expect(profile.soul.humor_style).toBe(NOT_ENOUGH_DATA);
    expect(profile.identity.emoji_style).toBe('none');
    expect(soulprintSchema.parse(profile)).toEqual(profile);
  });

  it('is deterministic and takes milliseconds', async () => {
    const again = await readSample();
    const started = performance.now();
    const first = buildOfflineProfile({ evidence: read.evidence, account: read.account });
    const elapsed = performance.now() - started;
    expect(buildOfflineProfile({ evidence: again.evidence, account: again.account })).toEqual(
      first,
    );
    expect(elapsed).toBeLessThan(250);
  });

  it('still finds the facts in the sampled conversations alone', () => {
    const { user } = buildOfflineProfile({ sample: read.sample, account: read.account });
    expect(user.name).toBe('Ilse Vantongeren');
    expect(user.location).toMatch(/^Ghent\b/);
  });

  it('never uses a do-not-remember conversation, even when the reader includes them', async () => {
    const withHidden = await readSample(true);
    const profile = buildOfflineProfile({
      evidence: withHidden.evidence,
      account: withHidden.account,
    });
    expect(JSON.stringify(profile)).not.toContain('Aalders');
    expect(withHidden.sample.some((c) => c.messages.some((m) => m.text.includes('Aalders')))).toBe(
      false,
    );
  });
});

describe('buildOfflineProfile with little to go on', () => {
  it('says "not enough data" for an export with nothing personal in it', () => {
    const profile = buildOfflineProfile({
      evidence: evidenceOf(
        chat('a', ['What is the boiling point of water at altitude?', 'And at sea level?']),
        chat('b', ['Convert 3 cups to millilitres.']),
      ),
      account: NO_ACCOUNT,
    });
    const { user } = profile;
    expect([user.name, user.location, user.occupation, user.preferred_address]).toEqual([
      NOT_ENOUGH_DATA,
      NOT_ENOUGH_DATA,
      NOT_ENOUGH_DATA,
      NOT_ENOUGH_DATA,
    ]);
    expect(user.relationships).toEqual([]);
    expect(user.life_context).toBe(NOT_ENOUGH_DATA);
    expect(profile.agents.memory_directives).toBe(NOT_ENOUGH_DATA);
    expect(profile.soul.boundaries).toBe(NOT_ENOUGH_DATA);
    expect(profile.soul.personality_traits.length).toBeGreaterThanOrEqual(3);
    expect(isGenericAiName(profile.identity.ai_name)).toBe(false);
    expect(soulprintSchema.parse(profile)).toEqual(profile);
  });

  it('copes with no conversations and no account context at all', () => {
    const profile = buildOfflineProfile({ sample: [], account: null });
    expect(profile.soul.communication_style).toBe(NOT_ENOUGH_DATA);
    expect(profile.soul.personality_traits).toEqual([]);
    expect(profile.agents.behavioral_rules.length).toBeGreaterThanOrEqual(3);
    expect(profile.identity.signature_greeting).not.toContain('undefined');
    expect(isGenericAiName(profile.identity.ai_name)).toBe(false);
    expect(soulprintSchema.parse(profile)).toEqual(profile);
  });
});

describe('buildOfflineProfile reading style', () => {
  it('sees a casual, emoji-heavy writer', () => {
    const profile = buildOfflineProfile({
      evidence: evidenceOf(
        chat('a', ['hey lol this is so cool 😂😂', 'omg yes!! 🎉', 'haha ok gonna try it 👍']),
        chat('b', ["yeah that's awesome 😄", 'lol thx!! 🙌']),
      ),
      account: NO_ACCOUNT,
    });
    expect(profile.identity.emoji_style).toBe('heavy');
    expect(profile.soul.formality_level).toMatch(/^casual/);
    expect(profile.soul.humor_style).not.toBe(NOT_ENOUGH_DATA);
    expect(profile.soul.personality_traits).toContain('playful');
  });

  it('sees code and names the languages', () => {
    const code = 'Why does this fail?\n```python\ndef f(x):\n    return x[0]\n```';
    const profile = buildOfflineProfile({
      evidence: evidenceOf(
        chat('a', [code, 'And with pandas?']),
        chat('b', [code, 'How do I debug this function?']),
        chat('c', ['Write a SQL query for the top customers', code]),
      ),
      account: NO_ACCOUNT,
    });
    expect(profile.tools.likely_usage).toContain('programming help');
    expect(profile.tools.capabilities_emphasis.join(' ')).toContain('Python');
    expect(profile.identity.archetype).toMatch(/^Precise /);
  });

  it('names the companion after the leading interest, the same way every time', () => {
    const music = () =>
      evidenceOf(
        chat('a', ['How do I practise guitar chords faster?', 'Which chord comes next?']),
        chat('b', ['Can you build me a playlist for piano practice?', 'More melody ideas?']),
      );
    const first = buildOfflineProfile({ evidence: music(), account: NO_ACCOUNT });
    expect(['Cadence', 'Lyra', 'Aria', 'Timbre']).toContain(first.identity.ai_name);
    expect(first.identity.archetype).toMatch(/Studio Partner$/);
    expect(buildOfflineProfile({ evidence: music(), account: NO_ACCOUNT }).identity).toEqual(
      first.identity,
    );
  });
});
