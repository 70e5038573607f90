-- Applied to the embedded (PGlite) database after the migrations, every time it is opened.
--
-- An embedded database holds one person's chunks, so it never builds the per-import HNSW
-- index that large imports get on Postgres (20261204000101_search_index_per_import.sql): its
-- searches are exact. The whole-table HNSW index of 20261129000004 cost ~11 ms per inserted row
-- under WebAssembly; that migration's successor removes it everywhere, and this statement
-- keeps an embedded database created before it from carrying it.
drop index if exists public.conversation_chunks_embedding_hnsw;
