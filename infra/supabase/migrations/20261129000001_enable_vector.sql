-- pgvector, installed where Supabase installs extensions. Every later reference is qualified
-- (extensions.vector, extensions.vector_cosine_ops) so nothing depends on the search_path.
create schema if not exists extensions;

create extension if not exists vector with schema extensions;
