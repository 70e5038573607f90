import {
  activeEmbeddingModel,
  CHUNK_TIERS,
  type ChunkTier,
  loadDatabaseConfig,
  openDatabase,
  searchChunks,
} from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { embedTexts } from '../embed/embed-texts.js';
import { embedderId, embedderLabel } from '../embed/embedder.js';
import { createEmbedder, loadEmbeddingConfig } from '../embed/embedding-config.js';
import { EmbeddingUsage } from '../embed/embedding-usage.js';
import { LOCAL_USER_ID } from '../local-user.js';
import { type CommandContext, writeLine } from './cli-io.js';
import { isoOrNull } from './format-inspect-report.js';
import { parseCommandArgs, usageError } from './parse-command-args.js';

export const SEARCH_USAGE =
  'Usage: search "<query>" [--user <id>] [--tier micro|medium|macro] [--limit N] [--json] [--data-dir <dir>]';

const EXCERPT_CHARS = 280;

/**
 * `search "<query>"`: embeds the query with the configured provider and prints the nearest
 * chunks of the user's current import (the local user when no `--user` is given), with
 * similarity, tier, conversation title and date. Results of the lexical embedder are labelled
 * as such: they match words, not meaning.
 */
export async function searchCommand(args: string[], { io, env }: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      user: { type: 'string', default: LOCAL_USER_ID },
      tier: { type: 'string' },
      limit: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
    SEARCH_USAGE,
  );
  const query = positionals.join(' ').trim();
  if (!query) throw usageError(SEARCH_USAGE);
  const tier = values.tier;
  if (tier !== undefined && !CHUNK_TIERS.includes(tier as ChunkTier)) {
    throw usageError(`--tier must be micro, medium or macro.\n${SEARCH_USAGE}`);
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw usageError(`--limit must be a whole number from 1 to 100.\n${SEARCH_USAGE}`);
  }

  const embedder = createEmbedder(loadEmbeddingConfig(env));
  const dataDir = values['data-dir'];
  const db = await openDatabase(loadDatabaseConfig(env, dataDir === undefined ? {} : { dataDir }));
  try {
    const stored = await activeEmbeddingModel(db, values.user);
    if (stored !== null && stored !== embedderId(embedder)) {
      throw new AppError(
        'CONFIG_INVALID',
        `This import's chunks were embedded with ${stored}, but searching is set up with ${embedderId(embedder)}; their vectors cannot be compared. Configure the same embedding provider and model (EMBEDDING_PROVIDER, EMBEDDING_MODEL) as the import used.`,
        { kind: 'config' },
      );
    }
    const [embedding] = await embedTexts(embedder, [query], { usage: new EmbeddingUsage() });
    const matches = await searchChunks(db, {
      userId: values.user,
      embedding: embedding!,
      limit,
      tier: (tier as ChunkTier | undefined) ?? null,
    });
    if (values.json) {
      const results = matches.map((m) => ({
        similarity: m.similarity,
        tier: m.chunkTier,
        title: m.conversationTitle,
        conversationId: m.conversationId,
        createdAt: isoOrNull(m.conversationCreatedAt?.getTime() ?? null),
        content: m.content,
      }));
      writeLine(io.stdout, JSON.stringify(results));
      return 0;
    }
    writeLine(
      io.stdout,
      `${matches.length} result${matches.length === 1 ? '' : 's'} for "${query}" — ${embedderLabel(embedder)}`,
    );
    matches.forEach((m, i) => {
      const date = m.conversationCreatedAt
        ? m.conversationCreatedAt.toISOString().slice(0, 10)
        : 'undated';
      writeLine(
        io.stdout,
        `\n${i + 1}. ${m.similarity.toFixed(3)}  ${m.chunkTier.padEnd(6)}  ${m.conversationTitle ?? 'Untitled'} (${date})`,
      );
      const body = m.content.slice(m.content.indexOf('\n') + 1).replace(/\s+/g, ' ');
      writeLine(
        io.stdout,
        `   ${body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body}`,
      );
    });
    if (matches.length === 0)
      writeLine(io.stdout, 'Nothing imported for this user yet: run an import first.');
  } finally {
    await db.close();
  }
  return 0;
}
