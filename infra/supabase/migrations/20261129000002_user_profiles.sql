-- One row per user: import status and progress the app polls, the profile sections, counts and
-- cost. `current_import_id` is the import allowed to write status and progress (set when an
-- import starts); `active_import_id` is the completed import whose memory readers see.

create or replace function public.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table public.user_profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  import_status text not null default 'none'
    check (import_status in ('none', 'processing', 'quick_ready', 'complete', 'failed')),
  progress_percent integer not null default 0 check (progress_percent between 0 and 100),
  import_stage text,
  import_error text check (char_length(import_error) <= 500),
  processing_started_at timestamptz,
  completed_at timestamptz,
  full_pass_status text
    check (full_pass_status in ('pending', 'processing', 'complete', 'failed')),
  full_pass_error text check (char_length(full_pass_error) <= 500),
  soulprint jsonb,
  soul_md text,
  identity_md text,
  user_md text,
  agents_md text,
  tools_md text,
  memory_md text,
  soulprint_text text,
  ai_name text,
  archetype text,
  total_conversations integer not null default 0 check (total_conversations >= 0),
  total_messages integer not null default 0 check (total_messages >= 0),
  total_chunks integer not null default 0 check (total_chunks >= 0),
  total_facts integer not null default 0 check (total_facts >= 0),
  import_cost jsonb,
  current_import_id uuid,
  active_import_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger user_profiles_set_updated_at
  before update on public.user_profiles
  for each row execute function public.set_updated_at();

alter table public.user_profiles enable row level security;

create policy "Users read their own profile"
  on public.user_profiles for select to authenticated
  using ((select auth.uid()) = user_id);

-- Users only read (through the policy above); only the service role writes.
revoke all on table public.user_profiles from anon, authenticated;
grant select on table public.user_profiles to authenticated;
grant all on table public.user_profiles to service_role;
