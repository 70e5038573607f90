import type { FactCategory } from './options.js';
import type { Prng } from './prng.js';

/** Sentence templates for generated planted facts; `n` is the needle, `d` a date. */
type Template = (n: string, d: string, rng: Prng) => string;

const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Jordan',
  'Maria',
  'Chris',
  'Priya',
  'Tom',
  'Lena',
  'Omar',
  'Julia',
];
const JOBS = [
  'data analyst',
  'nurse',
  'product designer',
  'civil engineer',
  'teacher',
  'paralegal',
];

export const FACT_TEMPLATES: Record<FactCategory, readonly Template[]> = {
  preference: [
    (n) => `Honestly, I prefer ${n} coffee over anything else in the morning.`,
    (n) => `My favourite band at the moment is ${n}, their last album is on repeat.`,
    (n) => `I always fly with ${n} Air when I can, the legroom is worth it.`,
    (n) => `For what it's worth, I can't stand ${n} cheese, so please leave it out.`,
  ],
  project: [
    (n) => `I'm building a side project called ${n}, a small app for splitting shared expenses.`,
    (n) => `At work I'm leading the ${n} migration, which has to ship this quarter.`,
    (n) => `My evening project is a board game called ${n} that I want to self-publish.`,
  ],
  date: [
    (n, d) => `My sister ${n} is getting married on ${d}.`,
    (n, d) => `Our move to ${n} Street is scheduled for ${d}.`,
    (n, d) => `I have my ${n} certification exam on ${d}.`,
  ],
  belief: [
    (n) => `I genuinely believe in the ${n} rule for money: pay yourself first, then spend.`,
    (n) =>
      `I've always believed what my grandmother ${n} said, never borrow for things that lose value.`,
  ],
  decision: [
    (n) => `I've decided to move our team to the ${n} framework next month.`,
    (n) => `We finally decided to call the company ${n}.`,
    (n) => `I decided to move my savings to ${n} Bank.`,
  ],
  relationship: [
    (n) => `My partner ${n} works night shifts at the hospital.`,
    (n) => `My best friend ${n} is visiting next week.`,
    (n) => `My dog ${n} is a rescue greyhound who hates the rain.`,
  ],
  identity: [
    (n, _d, rng) => `By the way, my name is ${rng.pick(FIRST_NAMES)} ${n}.`,
    (n) => `I live in ${n}, a small town about an hour from the coast.`,
    (n, _d, rng) => `I work as a ${rng.pick(JOBS)} at ${n} Labs.`,
  ],
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date written the way people write it in chat ("14 March 2026"). */
export function spokenDate(rng: Prng, year: number): string {
  return `${rng.int(1, 28)} ${rng.pick(MONTHS)} ${year}`;
}
