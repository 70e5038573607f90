/** Default limits for reading an export; a module of its own so config can use it cheaply. */
export const DEFAULT_MAX_CONVERSATION_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ENTRY_BYTES = 8 * 1024 ** 3;
/**
 * Objects and arrays one conversation may hold. A long real conversation has tens of thousands
 * (a node is about ten); past this one is skipped, because `JSON.parse` makes each a heap
 * object and a few bytes of `{}` become a gigabyte.
 */
export const MAX_CONVERSATION_CONTAINERS = 500_000;
/**
 * Characters one message may keep: more than ChatGPT accepts in a message or writes in a reply
 * (a few hundred thousand); past it the message is cut, with a mark saying how much.
 */
export const MAX_MESSAGE_CHARS = 1_000_000;
