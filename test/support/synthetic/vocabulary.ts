/**
 * Word lists for the text generator. Plain, everyday English so generated text reads like a chat;
 * nothing here is an invented word, which keeps invented needles unique (see invented-words.ts).
 */

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const NOUNS = words(`
  answer approach area budget button change chapter check choice client code column comment
  config context cost customer data date deadline default detail device draft edge effect email
  entry error estimate event example factor feature feedback field file filter flow folder format
  function goal guide habit idea image index input issue item job key label layer layout lesson
  level limit link list log loop mistake model module moment name note number option order outline
  output page pair part pattern phase plan point policy price priority problem process profile
  project prompt question queue range rate reason record report request result review risk role
  routine rule sample schedule score script section session setting shape signal size skill
  source space step story strategy structure style summary system table target task team template
  test text theme thread timeline tool topic track trade-off update user value version view week
  window word workflow
`);

export const VERBS = words(`
  adjust analyse avoid balance build change check choose clean compare configure convert create
  debug define describe design document estimate explain export filter finish fix format group
  handle import improve include install keep label learn limit list load manage measure merge
  move name open organise outline plan prepare prevent print rank read reduce refactor remove
  rename repeat replace review rewrite run save schedule share simplify sort split start store
  structure summarise support switch test track translate trim update use validate write
`);

export const ADJECTIVES = words(`
  accurate basic better careful cheap clean clear common complex concrete consistent current
  default detailed different direct early easy efficient empty existing extra fast final flexible
  formal free full general good great handy heavy helpful honest important large late light
  likely local long main manual minimal modern monthly new next obvious official old optional
  original personal plain possible practical previous private quick rare ready real recent regular
  related reliable remote robust rough safe separate shared short similar simple single slow small
  smooth solid specific stable standard steady strict strong sturdy typical useful usual valid
  visible weekly whole wide
`);

export const ADVERBS = words(`
  actually almost already carefully clearly easily especially exactly finally first generally
  gradually honestly instead mostly naturally normally often probably quickly rarely really
  regularly simply slightly sometimes usually
`);

export const PREPOSITIONS = words('for with in on from into across about without before after');
export const DETERMINERS = words('the a this each every your one another some the the');
export const CONNECTORS = [
  'However',
  'Also',
  'Then',
  'Meanwhile',
  'Otherwise',
  'Instead',
  'Additionally',
  'In practice',
  'For example',
  'Ideally',
];
export const PRONOUNS = words('it this that everything the result the change');

/** A few words with non-ASCII letters, so JSON escaping and UTF-8 handling get exercised. */
export const ACCENTED = words('café naïve résumé déjà-vu façade crème São Zürich Málaga');

/** Third-person singular of a verb ("fixes", "applies"). */
export function thirdPerson(verb: string): string {
  if (/(s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

export const VERBS_3RD = VERBS.map(thirdPerson);
