-- Usage figures (GET /api/admin/metrics, /api/me/usage): how long each answer took, and indexes for
-- reading a window of days for everyone or for one owner. (V2 is left to the answer's model column.)
alter table messages add column latency_ms integer check (latency_ms is null or latency_ms >= 0);

-- everyone's window: questions per day, answers by mode, latency percentiles
create index messages_created_idx on messages (created_at, role) include (mode, latency_ms);
-- one owner's window; supersedes messages_owner_idx (owner_id leads both)
create index messages_owner_created_idx on messages (owner_id, created_at, role) include (mode, latency_ms);
drop index messages_owner_idx;

create index feedback_created_idx on feedback (created_at) include (rating);
create index feedback_owner_created_idx on feedback (owner_id, created_at) include (rating);
