-- Usage figures (GET /api/admin/metrics): accounts used in a window are read by last use.
create index sessions_last_used_idx on sessions (last_used_at, user_id);
create index api_keys_last_used_idx on api_keys (last_used_at, user_id) where last_used_at is not null;
create index users_created_idx on users (created_at);
