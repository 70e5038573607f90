import { type AppError, badInput } from '../../core/errors.js';
import { UPLOAD_HINT } from './export-errors.js';
import { quoteName } from './quote-name.js';

/**
 * The refusal for a JSON file whose top level is an object that is neither a conversation list
 * (`[...]` or `{"conversations": [...]}`) nor one conversation (`mapping` or `messages`): what it
 * looks like, judged from its keys, and what to upload instead. Other files of a ChatGPT export
 * are named as such; anything else is described by a few of its key names (escaped and cut, as
 * they come from the upload).
 */
export function notAnExport(source: string, keys: readonly string[]): AppError {
  const name = quoteName(source);
  const has = (key: string) => keys.includes(key);
  if (has('email') || has('chatgpt_plus_user') || has('phone_number')) {
    return badInput(
      'EXPORT_WRONG_FILE',
      `${name} holds your ChatGPT account details (user.json), not your conversations. The conversations are in conversations.json (or conversations-000.json and up) in the same ZIP: upload the whole ZIP.`,
    );
  }
  const sideFile = describeSideFile(keys);
  if (sideFile) {
    return badInput(
      'EXPORT_WRONG_FILE',
      `${name} is ${sideFile} from a ChatGPT export, not its conversations. The conversations are in conversations.json (or conversations-000.json and up) in the same ZIP: upload the whole ZIP.`,
    );
  }
  const shown = keys.slice(0, 3).map(quoteKey).join(', ');
  return badInput(
    'EXPORT_WRONG_FILE',
    `${name} is a JSON object${shown ? ` with the fields ${shown}${keys.length > 3 ? ', …' : ''}` : ' with no fields'}, but neither a list of conversations ("conversations") nor a single conversation ("mapping" or "messages"), so it is not a ChatGPT conversations file. ${UPLOAD_HINT}`,
  );
}

function describeSideFile(keys: readonly string[]): string | null {
  if (keys.length === 0) return null;
  if (keys.every((key) => /\.dat$/i.test(key) || /^file[-_]/i.test(key))) {
    return 'the list of attachment file names (conversation_asset_file_names.json)';
  }
  if (keys.includes('chats') && keys.length <= 3) return 'the group chats file (group_chats.json)';
  if (
    keys.some((key) => key === 'manifest_version' || key === 'layout' || key === 'export_files')
  ) {
    return 'the export manifest (export_manifest.json)';
  }
  return null;
}

/**
 * A key for a message: quoted, control characters escaped, at most 40 characters. Keys arrive as
 * the file spells them (the byte scan does not decode escapes), so they are decoded first.
 */
function quoteKey(raw: string): string {
  let key = raw;
  try {
    key = JSON.parse(`"${raw}"`);
  } catch {
    // cut inside an escape: show it as it is spelled
  }
  const escaped = JSON.stringify(key.length > 40 ? `${key.slice(0, 39)}…` : key);
  return escaped.replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
