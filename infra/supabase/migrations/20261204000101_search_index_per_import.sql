-- Vector search that scales with many users, without imports paying for an index row by row
-- (infra/db/README.md has the measurements behind this):
--
--   * No HNSW index over the whole table any more. Kept current during every import's save, it
--     held saves to a few hundred rows per second and grew slower as the table grew.
--   * A small import is searched exactly, through conversation_chunks_user_import.
--   * A large import gets an HNSW index of its own: partial (`where import_id = ...`), over the
--     embedding as halfvec(1024), built in bulk by the job (CREATE INDEX CONCURRENTLY) once the
--     import's chunks are saved and before it becomes the active one. Its name comes from
--     public.chunk_search_index_name(import id); the job drops it when no user's active or
--     current import is that import any more.
--   * match_conversation_chunks looks for the active import's index. When it is there and valid
--     it takes candidates from it (pgvector 0.8 iterative scan, so the tier filter cannot starve
--     the result) and ranks them by the exact vector distance; otherwise it scans the import.
--
-- Safe to run again, and on a database with rows: only `drop index` takes a lock (briefly).

drop index if exists public.conversation_chunks_embedding_hnsw;

create or replace function public.chunk_search_index_name(import_id uuid)
returns text
language sql immutable
set search_path = ''
as $$
  select 'conversation_chunks_hnsw_' || pg_catalog.replace(import_id::text, '-', '')
$$;

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
language plpgsql stable
set search_path = ''
set hnsw.iterative_scan = relaxed_order
set hnsw.ef_search = 100
as $$
declare
  active uuid;
  indexed boolean;
begin
  -- Row-level security applies (the function runs with the caller's rights): a user only ever
  -- finds their own profile, and so only ever searches their own chunks.
  select p.active_import_id into active
    from public.user_profiles p
   where p.user_id = match_user_id;
  if active is null or match_count is null or match_count < 1 then
    return;
  end if;

  select coalesce(bool_and(i.indisvalid), false) into indexed
    from pg_catalog.pg_index i
   where i.indexrelid = pg_catalog.to_regclass('public.' || public.chunk_search_index_name(active));

  if indexed then
    -- The import id is written into the statement so that the planner can use the partial
    -- index (a parameter would not match its predicate). It comes from user_profiles, never
    -- from the caller.
    return query execute pg_catalog.format(
      $query$
      select n.id, n.conversation_id, n.conversation_title, n.content, n.chunk_tier,
             n.chunk_index, n.message_start, n.message_end, n.conversation_created_at,
             n.is_recent, n.similarity
        from (
          select c.id, c.conversation_id, c.conversation_title, c.content, c.chunk_tier,
                 c.chunk_index, c.message_start, c.message_end, c.conversation_created_at,
                 c.is_recent,
                 1 - (c.embedding operator(extensions.<=>) $1) as similarity
            from public.conversation_chunks c
           where c.import_id = %L::uuid
             and c.user_id = $2
             and ($4::text is null or c.chunk_tier = $4)
           order by (c.embedding::extensions.halfvec(1024))
                    operator(extensions.<=>) ($1::extensions.halfvec(1024))
           limit $5
        ) n
       where n.similarity >= $3
       order by n.similarity desc
       limit $6
      $query$,
      active
    )
    using query_embedding, match_user_id, match_threshold, match_tier,
          greatest(match_count * 4, 40), match_count;
    return;
  end if;

  return query
    select c.id, c.conversation_id, c.conversation_title, c.content, c.chunk_tier,
           c.chunk_index, c.message_start, c.message_end, c.conversation_created_at,
           c.is_recent,
           1 - (c.embedding operator(extensions.<=>) query_embedding) as similarity
      from public.conversation_chunks c
     where c.user_id = match_user_id
       and c.import_id = active
       and c.embedding is not null
       and (match_tier is null or c.chunk_tier = match_tier)
       and 1 - (c.embedding operator(extensions.<=>) query_embedding) >= match_threshold
     order by c.embedding operator(extensions.<=>) query_embedding
     limit match_count;
end
$$;

revoke execute on function public.match_conversation_chunks(
  extensions.vector, uuid, integer, double precision, text
) from public, anon;
grant execute on function public.match_conversation_chunks(
  extensions.vector, uuid, integer, double precision, text
) to authenticated, service_role;

revoke execute on function public.chunk_search_index_name(uuid) from public, anon;
grant execute on function public.chunk_search_index_name(uuid) to authenticated, service_role;
