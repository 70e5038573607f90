import type { PlantedFactSpec } from './options.js';
import type { SyntheticZipOptions } from './write-zip.js';

/**
 * The demo export in `samples/sample-export.zip`: ~40 conversations of one invented person,
 * Ilse, an acoustic engineer in Ghent. Every fact carries a needle that occurs nowhere else.
 */
export const SAMPLE_FACTS: PlantedFactSpec[] = [
  {
    category: 'identity',
    needle: 'Vantongeren',
    text: "My name is Ilse Vantongeren, by the way, and I'd rather you just call me Ilse.",
  },
  {
    category: 'identity',
    needle: 'Ghent',
    text: 'I live in Ghent, right by Dampoort station, so I cycle almost everywhere.',
  },
  {
    category: 'identity',
    needle: 'acoustic engineer',
    text: 'I work as an acoustic engineer, mostly measuring noise around building sites.',
  },
  {
    category: 'relationship',
    needle: 'Joost',
    text: 'My partner Joost is a pastry chef, so his hours are terrible.',
  },
  {
    category: 'relationship',
    needle: 'Pimento',
    text: 'Our cat Pimento keeps walking across my keyboard while I work.',
  },
  {
    category: 'project',
    needle: 'Quietline',
    text: "I'm building a noise-mapping app called Quietline for our neighbourhood association.",
  },
  {
    category: 'date',
    needle: 'Femke',
    text: 'My sister Femke is getting married on 12 September 2026 and I am giving the speech.',
  },
  {
    category: 'belief',
    needle: 'designed for children first',
    text: 'I honestly believe streets should be designed for children first and cars second.',
  },
  {
    category: 'preference',
    needle: 'cilantro',
    text: "I can't stand cilantro, so please never put it in a recipe for me.",
  },
  {
    category: 'decision',
    needle: 'cargo bike',
    text: "I've decided to sell my car and switch to a cargo bike this spring.",
  },
  {
    category: 'relationship',
    needle: 'Aalders',
    text: 'Please keep this between us: my therapist, Dr. Aalders, thinks I am close to burning out.',
    doNotRemember: true,
  },
];

export const SAMPLE_OPTIONS: SyntheticZipOptions = {
  seed: 2026,
  conversations: 40,
  layout: '2026',
  shardSize: 15,
  textScale: 0.4,
  maxTurns: 8,
  compressionLevel: 9,
  startDate: '2025-01-10T00:00:00Z',
  endDate: '2026-05-30T00:00:00Z',
  branchRate: 0.25,
  doNotRememberRate: 0.06,
  contentMix: {
    image: 0.12,
    voice: 0.1,
    codeInterpreter: 0.06,
    browsing: 0.08,
    reasoning: 0.15,
    attachments: 0.08,
  },
  customInstructions: 0.9,
  memory: { snapshotRate: 0.5, writeRate: 0.15 },
  plantedFacts: { facts: SAMPLE_FACTS },
  profile: {
    customInstructions: [
      {
        aboutUser: "I'm an engineer based in Belgium. I like practical, hands-on explanations.",
        aboutModel: 'Be concise. Use metric units and European date formats.',
      },
      {
        aboutUser:
          "I'm an engineer based in Belgium and I'm finally learning Dutch properly. I like practical, hands-on explanations.",
        aboutModel: 'Be concise. Use metric units and European date formats. Skip the pep talk.',
      },
    ],
    memoryEntries: [
      'User prefers metric units.',
      'User is learning to bake sourdough bread.',
      'User is training for the 20 km of Brussels.',
      'User grows tomatoes and herbs on a small balcony.',
      'User prefers concise answers without pep talk.',
      'User is learning Dutch.',
    ],
  },
};
