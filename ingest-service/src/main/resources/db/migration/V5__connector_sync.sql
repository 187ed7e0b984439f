-- Connector sync (docs/connectors.md, "Sync"). PostgreSQL is the truth of each connection's sync, the
-- rag:connectors:sync stream entry only says "look at this connection" (as for ingestion jobs).
alter table connectors
    -- a sync was asked for (by the schedule or POST /api/connectors/{id}/sync) and put on the stream;
    -- cleared when a worker starts it. One still set long after is an entry that got lost: asked for again.
    add column sync_requested_at   timestamptz,
    -- the next sync should be a full pass (also catches tasks deleted or archived in ClickUp)
    add column sync_full_requested boolean     not null default false,
    -- the latest sync's start, whatever became of it; the schedule counts the interval from it
    add column sync_started_at     timestamptz,
    -- one sync per connection across replicas: the worker holding it renews its lease while it runs
    add column sync_holder         text,
    add column sync_lease_until    timestamptz,
    -- date_updated_gt of the next incremental pass: the start of the latest successful sync
    add column sync_cursor         timestamptz,
    add column last_full_sync_at   timestamptz,
    -- what the latest finished sync did
    add column last_sync_tasks     integer,
    add column last_sync_created   integer,
    add column last_sync_updated   integer,
    add column last_sync_unchanged integer,
    add column last_sync_deleted   integer,
    add column last_sync_ms        bigint;

-- the schedule's look-up: connections not refused by ClickUp, oldest sync first
create index connectors_sync_due_idx on connectors (sync_started_at nulls first) where status <> 'needs_reauth';

-- when the original last changed in its system (ClickUp's date_updated): a task whose date did not
-- change is not read again, a changed one whose rendered text is the same is not re-embedded
alter table documents add column source_updated_at timestamptz;

-- Every finished sync, for the usage figures ("connector syncs and failures" in a window) and operators;
-- kept 400 days (longer than the longest usage window), pruned by the sync schedule.
create table connector_sync_runs (
    id           bigserial   primary key,
    connector_id uuid        not null,
    owner_id     text        not null,
    started_at   timestamptz not null,
    ended_at     timestamptz not null,
    full_pass    boolean     not null,
    outcome      text        not null check (outcome in ('idle', 'failed', 'needs_reauth')),
    tasks        integer     not null,
    created      integer     not null,
    updated      integer     not null,
    unchanged    integer     not null,
    deleted      integer     not null,
    error        text
);

create index connector_sync_runs_ended_idx on connector_sync_runs (ended_at);
create index connector_sync_runs_owner_ended_idx on connector_sync_runs (owner_id, ended_at);
