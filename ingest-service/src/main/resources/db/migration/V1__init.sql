-- Documents uploaded to ingest-service and the state of their ingestion (the source of truth;
-- the Redis job stream only carries pointers to these rows).
create table documents (
    id           uuid primary key,
    owner_id     text        not null,
    name         text        not null,
    content_type text        not null,
    size_bytes   bigint      not null check (size_bytes >= 0),
    sha256       char(64)    not null,
    status       text        not null check (status in ('queued', 'processing', 'indexed', 'failed')),
    error        text,
    chunk_count  integer     not null default 0,
    attempts     integer     not null default 0,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    indexed_at   timestamptz
);

-- the owner's list, newest first
create index documents_owner_created_idx on documents (owner_id, created_at desc);
-- a reconciler looks for unfinished work that has not moved for a while
create index documents_unfinished_idx on documents (status, updated_at) where status in ('queued', 'processing');
