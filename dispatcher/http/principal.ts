/** Who is calling: a signed-in user (their Supabase JWT), or a trusted server (the service token). */
export type Principal = { kind: 'user'; userId: string } | { kind: 'service' };
