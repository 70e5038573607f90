import { isGenericAiName } from './generic-ai-names.js';
import type { WritingStyle } from './writing-style.js';

/**
 * The offline AI name and archetype: deterministic, never generic. The person's leading
 * interest picks a small family of evocative names (music → Cadence, Lyra…); a hash of what
 * is known about them (name, interests, place) picks one in it, so the same export always
 * gets the same name and different people usually get different ones. The archetype is an
 * adjective from how they write plus a role from the interest ("Curious Studio Partner").
 */
interface NameTheme {
  names: readonly string[];
  role: string;
}

const THEMES: Readonly<Record<string, NameTheme>> = {
  programming: { names: ['Ada', 'Lambda', 'Kestrel', 'Pixel'], role: 'Pair Programmer' },
  data: { names: ['Sigma', 'Vega', 'Tally'], role: 'Data Sleuth' },
  cooking: { names: ['Saffron', 'Basil', 'Nutmeg', 'Clementine'], role: 'Kitchen Confidant' },
  travel: { names: ['Atlas', 'Meridian', 'Odessa'], role: 'Travel Scout' },
  fitness: { names: ['Tempo', 'Stride', 'Juno'], role: 'Training Partner' },
  finance: { names: ['Sterling', 'Penny', 'Ledger'], role: 'Money Mentor' },
  gardening: { names: ['Fern', 'Sorrel', 'Juniper', 'Rowan'], role: 'Garden Confidant' },
  writing: { names: ['Quill', 'Marlowe', 'Sonnet'], role: 'Writing Partner' },
  career: { names: ['Compass', 'Summit', 'Harbor'], role: 'Career Strategist' },
  home: { names: ['Tinker', 'Hearth', 'Bramble'], role: 'Workshop Ally' },
  languages: { names: ['Babel', 'Lexi', 'Polyglot'], role: 'Language Partner' },
  study: { names: ['Minerva', 'Sage', 'Athena'], role: 'Study Partner' },
  health: { names: ['Willow', 'Solace', 'Haven'], role: 'Wellbeing Ally' },
  music: { names: ['Cadence', 'Lyra', 'Aria', 'Timbre'], role: 'Studio Partner' },
  parenting: { names: ['Hazel', 'Maple', 'Poppy'], role: 'Parenting Ally' },
  photography: { names: ['Lumen', 'Iris', 'Prism'], role: 'Photo Mentor' },
  cars: { names: ['Axel', 'Piston', 'Dash'], role: 'Garage Mate' },
  pets: { names: ['Biscuit', 'Pepper', 'Clover'], role: 'Pet Care Ally' },
  cycling: { names: ['Velo', 'Spoke', 'Cadenza'], role: 'Ride Partner' },
  gaming: { names: ['Quest', 'Nyx', 'Glitch'], role: 'Game Night Ally' },
};

const DEFAULT_THEME: NameTheme = {
  names: ['Wren', 'Orla', 'Sable', 'Tamsin', 'Marlow', 'Soren', 'Nova', 'Ember', 'Rune', 'Calla'],
  role: 'Sounding Board',
};

export interface NameSeed {
  personName: string | null;
  /** Topic keys (topic-lexicon.ts), strongest first. */
  topics: readonly string[];
  location: string | null;
}

export function pickAiName(seed: NameSeed): string {
  const theme = THEMES[seed.topics[0] ?? ''] ?? DEFAULT_THEME;
  const own = seed.personName?.toLowerCase().split(/\s+/) ?? [];
  const candidates = [...theme.names, ...DEFAULT_THEME.names].filter(
    (name) => !own.includes(name.toLowerCase()) && !isGenericAiName(name),
  );
  const hash = fnv1a([seed.personName ?? '', ...seed.topics, seed.location ?? ''].join('|'));
  const inTheme = candidates.filter((name) => theme.names.includes(name));
  const pool = inTheme.length > 0 ? inTheme : candidates;
  return pool[hash % pool.length]!;
}

export function pickArchetype(topics: readonly string[], style: WritingStyle): string {
  const role = (THEMES[topics[0] ?? ''] ?? DEFAULT_THEME).role;
  const adjective = !style.known
    ? 'Attentive'
    : style.technical
      ? 'Precise'
      : style.inquisitive
        ? 'Curious'
        : style.length === 'short' || style.direct
          ? 'Straight-Talking'
          : style.formality === 'casual'
            ? 'Easygoing'
            : style.formality === 'formal'
              ? 'Measured'
              : 'Steady';
  return `${adjective} ${role}`;
}

/** 32-bit FNV-1a of the UTF-16 code units: small, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
