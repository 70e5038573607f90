/**
 * The user a local run imports for when no `--user` is given (`import`, `search`): fixed, so a
 * person's repeated local imports and searches meet in the same profile.
 */
export const LOCAL_USER_ID = '00000000-0000-4000-8000-00000000000a';
