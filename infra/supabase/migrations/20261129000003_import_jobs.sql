-- One row per import attempt chain (a retry increments `attempt` on the same row, so the job id
-- doubles as the import id). The partial unique index allows one active job per user; the
-- dispatcher answers 409 when an insert hits it.

create table public.import_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  storage_path text not null,
  status text not null default 'queued'
    check (status in ('queued', 'launching', 'running', 'succeeded', 'failed', 'cancelled')),
  attempt integer not null default 1 check (attempt >= 1),
  max_attempts integer not null default 3 check (max_attempts >= 1),
  launcher text,
  external_id text,
  stage text,
  progress integer not null default 0 check (progress between 0 and 100),
  heartbeat_at timestamptz,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  exit_code integer,
  error_code text,
  error_message text check (char_length(error_message) <= 2000),
  metrics jsonb not null default '{}'::jsonb,
  log_ref text,
  checkpoint jsonb,
  next_attempt_at timestamptz,
  lease_owner text,
  lease_expires_at timestamptz,
  updated_at timestamptz not null default now()
);

create unique index import_jobs_one_active_per_user
  on public.import_jobs (user_id)
  where status in ('queued', 'launching', 'running');

create index import_jobs_user_created on public.import_jobs (user_id, created_at desc);

-- For the reconciler: active jobs by status and due time (FOR UPDATE SKIP LOCKED scans).
create index import_jobs_active_due
  on public.import_jobs (status, next_attempt_at)
  where status in ('queued', 'launching', 'running');

create trigger import_jobs_set_updated_at
  before update on public.import_jobs
  for each row execute function public.set_updated_at();

alter table public.import_jobs enable row level security;

create policy "Users read their own import jobs"
  on public.import_jobs for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.import_jobs from anon, authenticated;
grant select on table public.import_jobs to authenticated;
grant all on table public.import_jobs to service_role;
