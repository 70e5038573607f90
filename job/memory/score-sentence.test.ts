import { describe, expect, it } from 'vitest';
import { MIN_SENTENCE_SCORE, scoreSentence, splitSentences } from './score-sentence.js';

describe('scoreSentence', () => {
  it.each([
    'My daughter Mia starts school in Utrecht next September.',
    'We moved to Porto in 2021 because of my job.',
    'I quit my job at Deloitte last month to start a bakery.',
  ])('ranks a first-person statement with names or dates highest: %s', (sentence) => {
    expect(scoreSentence(sentence)).toBeGreaterThanOrEqual(5.5);
  });

  it.each([
    "I've been vegetarian for ten years and I hate mushrooms.",
    'Honestly, I think that public transport should be free.',
  ])('ranks a plain first-person disclosure well above the floor: %s', (sentence) => {
    expect(scoreSentence(sentence)).toBeGreaterThanOrEqual(4);
  });

  it.each([
    'Can you rewrite this paragraph so it sounds more formal?',
    'What is the difference between a list and a tuple?',
    'The function returns a promise that resolves to the parsed config.',
    'Thanks!',
    'Try to reduce the timeout before you retry the request.',
  ])('ranks a request or impersonal text low: %s', (sentence) => {
    expect(scoreSentence(sentence)).toBeLessThan(MIN_SENTENCE_SCORE + 0.5);
  });

  it('counts a personal question as a weaker candidate than the same statement', () => {
    const question = scoreSentence('Should I take the job offer in Berlin or stay in Lyon?');
    const statement = scoreSentence('I took the job offer in Berlin, so I am leaving Lyon.');
    expect(question).toBeGreaterThanOrEqual(MIN_SENTENCE_SCORE);
    expect(statement).toBeGreaterThan(question * 1.5);
  });

  it('matches whole words only, also around accented letters', () => {
    // "crème" must not read as "me", "Málaga" is a name, not a first person.
    expect(scoreSentence('The crème brûlée needs a hotter oven.')).toBe(0);
    expect(scoreSentence('I love Málaga in winter.')).toBeGreaterThan(
      scoreSentence('Love Malaga.'),
    );
  });
});

describe('splitSentences', () => {
  it('splits at sentence ends and line breaks, not after titles like Dr.', () => {
    expect(
      splitSentences('My therapist, Dr. Aalders, is kind. Is that odd?\nAnyway… thanks!'),
    ).toEqual(['My therapist, Dr. Aalders, is kind.', 'Is that odd?', 'Anyway…', 'thanks!']);
  });
});
