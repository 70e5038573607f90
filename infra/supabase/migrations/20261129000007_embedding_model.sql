-- Which embedding model produced the vectors of the user's active import ("provider:model"),
-- set by the completion switch. Vectors of different models are not comparable: a search must
-- embed its query with the same model, and refuses to mix them.
alter table public.user_profiles add column embedding_model text;
