-- Keep each chunk's vector in its row instead of out of line. pgvector stores `vector` with
-- STORAGE external, so a 1024-dimension vector (4 KB) always went to the TOAST table, and an
-- exact search paid a TOAST lookup per row: ~5x slower for an import searched without an
-- index (infra/db/README.md). With STORAGE main and room for it in the row, the text is
-- compressed or moved out first and the vector stays inline.
--
-- Metadata only: rows already saved keep their layout until they are rewritten (the next
-- import of that user replaces them); no table rewrite, safe on a live database, and safe to
-- run again.
alter table public.conversation_chunks alter column embedding set storage main;
alter table public.conversation_chunks set (toast_tuple_target = 8160);
