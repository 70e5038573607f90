/** Conversation topics: domain nouns give each conversation a consistent subject and title. */

export interface Topic {
  key: string;
  nouns: readonly string[];
  /** Whether answers may contain code blocks. */
  code: boolean;
}

const topic = (key: string, nouns: string, code = false): Topic => ({
  key,
  nouns: nouns.trim().split(/\s+/),
  code,
});

export const TOPICS: readonly Topic[] = [
  topic(
    'programming',
    'function array promise query endpoint compiler cache parser regex commit branch',
    true,
  ),
  topic(
    'data',
    'spreadsheet dataset chart pivot column median outlier dashboard metric query',
    true,
  ),
  topic('cooking', 'recipe oven dough sauce onion garlic broth marinade skillet pastry spice'),
  topic('travel', 'itinerary flight hostel visa train luggage museum ferry passport route'),
  topic('fitness', 'workout squat stretch cardio protein recovery marathon interval posture'),
  topic('finance', 'budget mortgage savings invoice pension receipt expense interest tax'),
  topic('gardening', 'tomato soil compost seedling hedge mulch orchid pruning greenhouse'),
  topic('writing', 'essay paragraph headline blog draft novel chapter character poem'),
  topic('career', 'interview resume portfolio salary manager promotion offer negotiation'),
  topic('home', 'kitchen boiler insulation paint shelf ladder tiles thermostat drill'),
  topic('learning', 'vocabulary grammar flashcard exam lecture syllabus tutor pronunciation'),
  topic('health', 'sleep headache diet allergy vitamin hydration appointment symptom'),
  topic('music', 'guitar chord melody rhythm playlist piano scale tempo lyric'),
  topic('parenting', 'toddler bedtime school homework snack playground tantrum routine'),
  topic('photography', 'lens aperture exposure tripod portrait lighting shutter histogram'),
  topic('cars', 'engine tyre battery brake mileage gearbox service insurance clutch'),
  topic('shell', 'terminal bash script cron permission directory symlink pipe alias', true),
  topic('pets', 'puppy leash kibble vet litter aquarium grooming harness'),
];

export const TITLE_SUFFIXES = [
  'tips',
  'help',
  'plan',
  'question',
  'ideas',
  'comparison',
  'troubleshooting',
  'explained',
  'basics',
  'checklist',
  'review',
  'options',
  'advice',
  'breakdown',
  'setup',
] as const;
