import { describe, expect, it } from 'vitest';
import { findSelfStatements, toFirstPerson, toThirdPerson } from './self-statements.js';

const found = (text: string) => findSelfStatements(text).map((s) => [s.kind, s.value]);

describe('findSelfStatements', () => {
  it('reads a name, and what they want to be called', () => {
    expect(
      found("My name is Ilse Vantongeren, by the way, and I'd rather you just call me Ilse."),
    ).toEqual([
      ['name', 'Ilse Vantongeren'],
      ['address', 'Ilse'],
    ]);
  });

  it('takes "I\'m X" as a name only in a short introduction', () => {
    expect(found("Hi, I'm Sam. Quick question about taxes.")).toEqual([['name', 'Sam']]);
    expect(found("I'm Sam and I need help.")).toEqual([['name', 'Sam']]);
    expect(found("I'm Dutch, so forgive my English.")).toEqual([]);
    expect(found("I'm tired of this bug.")).toEqual([]);
    expect(found("Today I'm Going To The Store")).toEqual([]);
  });

  it('reads where they live, also from custom instructions', () => {
    expect(found('I live in Ghent, right by Dampoort station.')).toEqual([['location', 'Ghent']]);
    expect(found("I'm an engineer based in Belgium.")).toEqual([
      ['location', 'Belgium'],
      ['occupation', 'engineer'],
    ]);
    expect(found('I just moved to Austin, Texas.')).toEqual([['location', 'Austin, Texas']]);
    expect(found('I live in the Netherlands now')).toEqual([['location', 'Netherlands']]);
    expect(found('I live in a small flat')).toEqual([]);
    expect(found('I live in St. Louis with my kids.')).toEqual([['location', 'St. Louis']]);
    expect(found('I live in Lyon. How do I cook rice?')).toEqual([['location', 'Lyon']]);
    expect(found('I live in Isle of Wight')).toEqual([['location', 'Isle of Wight']]);
  });

  it('reads an occupation after "I work as" or "I\'m a/an" with a job noun', () => {
    expect(found('I work as an acoustic engineer, mostly measuring noise.')).toEqual([
      ['occupation', 'acoustic engineer'],
    ]);
    expect(found("I'm a high school teacher in Leeds")).toEqual([
      ['occupation', 'high school teacher'],
    ]);
    expect(found("I'm a huge fan of jazz")).toEqual([]);
    expect(found("I'm a bit lost here")).toEqual([]);
  });

  it('reads people and pets with their names, and a job when it follows', () => {
    expect(found('My partner Joost is a pastry chef, so his hours are terrible.')).toEqual([
      ['relationship', 'Joost (partner, pastry chef)'],
    ]);
    expect(found('Our cat Pimento keeps walking across my keyboard.')).toEqual([
      ['relationship', 'Pimento (cat)'],
    ]);
    expect(found('My sister, Femke, is getting married.')).toEqual([
      ['relationship', 'Femke (sister)'],
    ]);
    expect(found('I have a dog named Biscuit.')).toEqual([['relationship', 'Biscuit (dog)']]);
    expect(found('my friend said it was fine')).toEqual([]);
    expect(found('My boss The worst')).toEqual([]);
  });

  it('reads projects, learning and decisions in the third person', () => {
    expect(
      found("I'm building a noise-mapping app called Quietline for our neighbourhood association."),
    ).toEqual([
      [
        'project',
        'building a noise-mapping app called Quietline for their neighbourhood association',
      ],
    ]);
    expect(found("I'm building a shed")).toEqual([]);
    expect(found("I'm finally learning Dutch properly.")).toEqual([['learning', 'Dutch']]);
    expect(found("I've decided to sell my car and switch to a cargo bike this spring.")).toEqual([
      ['decision', 'decided to sell their car and switch to a cargo bike this spring'],
    ]);
  });

  it('handles curly apostrophes', () => {
    expect(found('I’m a nurse and my husband’s name… my husband Tom is a pilot.')).toEqual([
      ['occupation', 'nurse'],
      ['relationship', 'Tom (husband, pilot)'],
    ]);
  });
});

describe('toFirstPerson and toThirdPerson', () => {
  it('turns ChatGPT notes into statements the patterns read', () => {
    expect(toFirstPerson("User's partner is Joost.")).toBe('My partner is Joost.');
    expect(toFirstPerson('User is learning Dutch.')).toBe("I'm learning Dutch.");
    expect(toFirstPerson('User lives in Ghent.')).toBe('I live in Ghent.');
    expect(toFirstPerson('User has a cat named Pimento.')).toBe('I have a cat named Pimento.');
    expect(found(toFirstPerson("User's partner is Joost."))).toEqual([
      ['relationship', 'Joost (partner)'],
    ]);
  });

  it('swaps first-person words', () => {
    expect(toThirdPerson('sell my car so we can travel with me')).toBe(
      'sell their car so they can travel with them',
    );
  });
});
