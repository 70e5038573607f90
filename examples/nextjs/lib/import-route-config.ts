/**
 * What the two import routes need, from the app's environment (the only place they read it):
 * where the dispatcher is, and the Supabase project whose session cookie they read.
 */
export interface ImportRouteConfig {
  /** The dispatcher's base URL, e.g. https://soulprint-dispatcher.onrender.com. */
  dispatcherUrl: string;
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** How long a call to the dispatcher may take before the user is told to try again. */
  timeoutMs: number;
}

export function importRouteConfig(
  env: Record<string, string | undefined> = process.env,
): ImportRouteConfig {
  const missing = [
    'SOULPRINT_DISPATCHER_URL',
    'NEXT_PUBLIC_SUPABASE_URL',
    'NEXT_PUBLIC_SUPABASE_ANON_KEY',
  ].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Set ${missing.join(', ')} for the import routes.`);
  return {
    dispatcherUrl: env.SOULPRINT_DISPATCHER_URL!.replace(/\/+$/, ''),
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL!,
    supabaseAnonKey: env.NEXT_PUBLIC_SUPABASE_ANON_KEY!,
    timeoutMs: Number(env.SOULPRINT_DISPATCHER_TIMEOUT_MS ?? 10_000),
  };
}
