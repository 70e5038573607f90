/** Default limits for reading an export; a module of its own so config can use it cheaply. */
export const DEFAULT_MAX_CONVERSATION_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ENTRY_BYTES = 8 * 1024 ** 3;
