/** A complete, valid soulprint as a model would answer it: for tests, which change one thing at a time. */
export function validSoulprintJson(overrides: { ai_name?: string } = {}) {
  return {
    soul: {
      communication_style: 'Short, direct questions.',
      personality_traits: ['curious', 'practical', 'dry'],
      tone_preferences: 'Plain and warm.',
      boundaries: 'No pep talks.',
      humor_style: 'Dry.',
      formality_level: 'casual',
      emotional_patterns: 'not enough data',
    },
    identity: {
      ai_name: overrides.ai_name ?? 'Wren',
      archetype: 'Patient Workshop Mentor',
      vibe: 'Calm and capable.',
      emoji_style: 'minimal',
      signature_greeting: 'Hi Ilse!',
    },
    user: {
      name: 'Ilse',
      location: 'Ghent',
      occupation: 'acoustic engineer',
      relationships: ['Joost (partner)'],
      interests: ['cycling'],
      life_context: 'Building Quietline.',
      preferred_address: 'Ilse',
    },
    agents: {
      response_style: 'Concise.',
      behavioral_rules: ['Be concise.', 'Use metric units.', 'Skip pep talks.'],
      context_adaptation: 'More detail for technical topics.',
      memory_directives: 'Remember Joost and Pimento.',
      do_not: ['pep talks'],
    },
    tools: {
      likely_usage: ['writing'],
      capabilities_emphasis: ['explanations'],
      output_preferences: 'Metric units.',
      depth_preference: 'brief',
    },
  };
}
