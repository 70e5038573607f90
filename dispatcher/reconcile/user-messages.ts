/** Why an attempt failed, as far as retrying and the user's message are concerned. */
export type FailureKind =
  | 'bad_input'
  | 'config'
  | 'internal'
  | 'dependency'
  | 'interrupted'
  | 'failed_to_start'
  | 'lost'
  | 'launch'
  | 'oom'
  | 'cancelled';

/**
 * What the user sees in `import_error` when the dispatcher gives up (≤ 500 characters, no
 * platform detail). When the job recorded its own message (bad input says what the file is),
 * that one stays.
 */
export const USER_MESSAGES: Record<FailureKind, string> = {
  bad_input:
    "We could not read this file as a ChatGPT export. Please upload the ZIP from ChatGPT's Settings → Data controls → Export data.",
  config: 'The import service is not set up correctly; we have been told. Please try again later.',
  internal:
    'Something went wrong on our side while importing your conversations. Please try again.',
  dependency:
    'We could not finish your import because a service it depends on is not responding. Please try again in a little while.',
  interrupted: 'Your import was interrupted several times and could not finish. Please try again.',
  failed_to_start: 'We could not start your import. Please try again in a little while.',
  lost: 'Your import stopped unexpectedly and could not be restarted. Please try again.',
  launch: 'We could not start your import. Please try again in a little while.',
  oom: 'Your export needed more memory than we can give one import. Please try again later; we have been told.',
  cancelled: 'The import was cancelled.',
};
