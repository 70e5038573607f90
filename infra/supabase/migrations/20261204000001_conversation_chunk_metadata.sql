-- Where a conversation was held and which model answered, on each of its chunks, so the companion
-- can tell "in my cooking GPT" from a plain chat: {"model", "gizmoId", "gizmoType", "templateId"}
-- (only the keys the export had). Adding a column with a constant default rewrites no rows.
alter table public.conversation_chunks
  add column if not exists metadata jsonb not null default '{}'::jsonb;
