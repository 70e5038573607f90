-- Durable facts extracted by the full pass. Like chunks, ids are deterministic per import and
-- older imports' facts are removed by the completion switch.

create table public.learned_facts (
  id text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  import_id uuid not null,
  category text not null check (
    category in (
      'preferences', 'projects', 'dates', 'beliefs', 'decisions', 'relationships', 'identity'
    )
  ),
  fact text not null check (char_length(fact) between 1 and 2000),
  evidence text,
  source_conversation_id text,
  source_chunk_id text,
  confidence real check (confidence between 0 and 1),
  fact_date text,
  created_at timestamptz not null default now()
);

create index learned_facts_user_import on public.learned_facts (user_id, import_id);

alter table public.learned_facts enable row level security;

create policy "Users read their own learned facts"
  on public.learned_facts for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.learned_facts from anon, authenticated;
grant select on table public.learned_facts to authenticated;
grant all on table public.learned_facts to service_role;
