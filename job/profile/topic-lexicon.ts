/**
 * Everyday subjects people bring to a chat assistant, each recognised by a few telling words.
 * A conversation "is about" a subject when a word of its list appears in what the person wrote
 * or in the title; subjects seen in several conversations become interests, and the leading
 * one colours the offline AI name. Words are lower-case; a plural "s" is tolerated.
 */
export interface InterestTopic {
  key: string;
  /** How it reads in `user.interests`. */
  label: string;
  words: readonly string[];
}

const topic = (key: string, label: string, words: string): InterestTopic => ({
  key,
  label,
  words: words.trim().split(/\s+/),
});

export const INTEREST_TOPICS: readonly InterestTopic[] = [
  topic(
    'programming',
    'software development',
    'code coding programming function compiler debug debugging bug api endpoint regex git commit repository deploy frontend backend typescript javascript python docker kubernetes framework refactor',
  ),
  topic(
    'data',
    'data and spreadsheets',
    'spreadsheet dataset excel chart pivot dashboard statistics csv regression analytics visualisation visualization median outlier',
  ),
  topic(
    'cooking',
    'cooking and baking',
    'recipe oven dough sauce garlic onion broth marinade skillet spice roast baking sourdough bread pastry dessert cuisine',
  ),
  topic(
    'travel',
    'travel',
    'itinerary flight hostel hotel visa passport luggage museum ferry trip vacation holiday airport backpacking',
  ),
  topic(
    'fitness',
    'fitness and running',
    'workout squat stretch cardio protein marathon running gym deadlift interval posture triathlon halfmarathon',
  ),
  topic(
    'finance',
    'personal finance',
    'budget mortgage savings invoice pension receipt expense taxes investing investment stocks loan retirement',
  ),
  topic(
    'gardening',
    'gardening',
    'tomato tomatoes soil compost seedling hedge mulch orchid pruning greenhouse garden gardening balcony herbs seeds',
  ),
  topic(
    'writing',
    'writing',
    'essay paragraph headline blog draft novel chapter poem poetry story manuscript screenplay',
  ),
  topic(
    'career',
    'career',
    'interview resume résumé portfolio salary promotion negotiation recruiter hiring linkedin',
  ),
  topic(
    'home',
    'home improvement',
    'boiler insulation paint shelf ladder tiles thermostat drill renovation plumbing furniture',
  ),
  topic(
    'languages',
    'learning languages',
    'vocabulary grammar flashcard flashcards pronunciation dutch french spanish german italian japanese mandarin korean portuguese duolingo conjugation',
  ),
  topic('study', 'studying', 'exam lecture syllabus tutor thesis university coursework assignment'),
  topic(
    'health',
    'health and wellbeing',
    'sleep headache diet allergy vitamin hydration symptom therapy anxiety stress meditation',
  ),
  topic(
    'music',
    'music',
    'guitar chord melody rhythm playlist piano tempo lyric lyrics song songwriting band drums synth',
  ),
  topic(
    'parenting',
    'parenting',
    'toddler bedtime tantrum playground daycare nursery parenting homework',
  ),
  topic(
    'photography',
    'photography',
    'lens aperture exposure tripod portrait shutter histogram camera lightroom',
  ),
  topic('cars', 'cars', 'engine tyre tire brake mileage gearbox clutch mechanic'),
  topic('pets', 'pets', 'puppy kitten leash kibble vet litter aquarium grooming'),
  topic('cycling', 'cycling', 'bike bicycle cycling cyclist'),
  topic('gaming', 'gaming', 'gaming playstation xbox nintendo minecraft steam'),
];

const WORD_TO_TOPIC = new Map<string, string>();
for (const { key, words } of INTEREST_TOPICS)
  for (const word of words) WORD_TO_TOPIC.set(word, key);

export const TOPIC_LABELS: ReadonlyMap<string, string> = new Map(
  INTEREST_TOPICS.map((t) => [t.key, t.label]),
);

/** The subject a lower-case word points to, if any. */
export function topicOfWord(word: string): string | undefined {
  return (
    WORD_TO_TOPIC.get(word) ??
    (word.endsWith('s') && word.length > 4 ? WORD_TO_TOPIC.get(word.slice(0, -1)) : undefined)
  );
}

/** The subjects a text mentions. */
export function topicsInText(text: string): Set<string> {
  const found = new Set<string>();
  for (const word of text.toLowerCase().match(/\p{L}[\p{L}-]*/gu) ?? []) {
    const key = topicOfWord(word);
    if (key) found.add(key);
  }
  return found;
}
