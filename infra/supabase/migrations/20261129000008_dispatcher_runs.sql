-- What the dispatcher records about each attempt, beyond what the job writes itself:
--   launched_at  when the current attempt's container was started (the start timeout counts
--                from here until the job marks itself running);
--   memory_mib   the memory the current attempt asked for, when it is not the platform default
--                (an attempt killed for running out of memory is retried once with more);
--   settled_at   when the dispatcher handled the finished attempt (requeued it for a retry or
--                gave up), so the reconciler visits each finished row once.
alter table public.import_jobs
  add column launched_at timestamptz,
  add column memory_mib integer check (memory_mib > 0),
  add column settled_at timestamptz;

-- Rows finished before the dispatcher existed need no handling.
update public.import_jobs
   set settled_at = coalesce(finished_at, now())
 where status in ('succeeded', 'failed', 'cancelled');

-- For the reconciler: finished attempts it has not handled yet.
create index import_jobs_unsettled
  on public.import_jobs (finished_at)
  where settled_at is null and status in ('succeeded', 'failed', 'cancelled');
