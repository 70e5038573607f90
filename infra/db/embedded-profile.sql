-- Applied to the embedded (PGlite) database after the migrations, every time it is opened.
--
-- The HNSW index on conversation_chunks.embedding serves Supabase, where many users' chunks
-- share one table. In the embedded database it costs ~11 ms per inserted row under WebAssembly
-- (measured by `npm run bench:db`: a 300 MB export's ~200,000 chunks would take over half an
-- hour), while an exact scan of one person's chunks answers a search in about a second. So the
-- embedded database goes without it; searches there are exact.
drop index if exists public.conversation_chunks_embedding_hnsw;
