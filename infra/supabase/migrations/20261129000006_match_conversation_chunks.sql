-- Semantic search for the chat app: the user's chunks from their active (completed) import,
-- nearest first by cosine distance, optionally one tier only. Runs with the caller's rights, so
-- row-level security applies: a user only ever matches their own chunks.
--
-- hnsw.iterative_scan (pgvector >= 0.8) keeps the index scan going until enough rows pass the
-- user/import/tier filter, instead of returning fewer than match_count rows on a shared table.

create or replace function public.match_conversation_chunks(
  query_embedding extensions.vector(1024),
  match_user_id uuid,
  match_count integer,
  match_threshold double precision,
  match_tier text default null
)
returns table (
  id text,
  conversation_id text,
  conversation_title text,
  content text,
  chunk_tier text,
  chunk_index integer,
  message_start integer,
  message_end integer,
  conversation_created_at timestamptz,
  is_recent boolean,
  similarity double precision
)
language sql stable
set search_path = ''
set hnsw.iterative_scan = strict_order
as $$
  select
    c.id,
    c.conversation_id,
    c.conversation_title,
    c.content,
    c.chunk_tier,
    c.chunk_index,
    c.message_start,
    c.message_end,
    c.conversation_created_at,
    c.is_recent,
    1 - (c.embedding operator(extensions.<=>) query_embedding) as similarity
  from public.conversation_chunks c
  join public.user_profiles p
    on p.user_id = c.user_id
   and p.active_import_id = c.import_id
  where c.user_id = match_user_id
    and c.embedding is not null
    and (match_tier is null or c.chunk_tier = match_tier)
    and 1 - (c.embedding operator(extensions.<=>) query_embedding) >= match_threshold
  order by c.embedding operator(extensions.<=>) query_embedding
  limit match_count
$$;

revoke execute on function public.match_conversation_chunks(
  extensions.vector, uuid, integer, double precision, text
) from public, anon;
grant execute on function public.match_conversation_chunks(
  extensions.vector, uuid, integer, double precision, text
) to authenticated, service_role;
