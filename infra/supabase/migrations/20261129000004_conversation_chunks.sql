-- Conversation text in three size tiers with 1024-dimension embeddings. Ids are computed by the
-- writer (deterministic, unique per import) so a re-run inserts nothing twice. Rows of several
-- imports coexist until the new import completes; readers only see the user's active import.

create table public.conversation_chunks (
  id text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  import_id uuid not null,
  conversation_id text not null,
  conversation_title text,
  content text not null,
  chunk_tier text not null check (chunk_tier in ('micro', 'medium', 'macro')),
  chunk_index integer not null check (chunk_index >= 0),
  message_start integer not null check (message_start >= 0),
  message_end integer not null,
  message_count integer not null check (message_count >= 0),
  token_count integer not null check (token_count >= 0),
  conversation_created_at timestamptz,
  is_recent boolean not null default false,
  embedding extensions.vector(1024),
  created_at timestamptz not null default now(),
  check (message_end >= message_start)
);

create index conversation_chunks_embedding_hnsw
  on public.conversation_chunks using hnsw (embedding extensions.vector_cosine_ops);

create index conversation_chunks_user_import on public.conversation_chunks (user_id, import_id);

-- The embedding stage pages through an import's chunks that still need a vector.
create index conversation_chunks_unembedded
  on public.conversation_chunks (import_id, id)
  where embedding is null;

alter table public.conversation_chunks enable row level security;

create policy "Users read their own conversation chunks"
  on public.conversation_chunks for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.conversation_chunks from anon, authenticated;
grant select on table public.conversation_chunks to authenticated;
grant all on table public.conversation_chunks to service_role;
