-- Reliable ingestion: the documents row is also the job (one job per document version), with
-- retry bookkeeping, a lease for the worker holding it, progress, versions and idempotent uploads.
alter table documents
    add column version          integer     not null default 1 check (version >= 1),
    -- name of the stored bytes of the current version (a server-chosen UUID; V1 used the document id)
    add column storage_key      text,
    -- the SHA-256 that makes an upload idempotent per owner (see the unique index below)
    add column content_key      text,
    add column last_error       text,
    add column next_attempt_at  timestamptz,
    add column enqueued_at      timestamptz,
    add column lease_until      timestamptz,
    add column started_at       timestamptz,
    add column progress_done    integer     not null default 0,
    add column progress_total   integer     not null default 0,
    add column chunker_version  text;

update documents set storage_key = id::text, next_attempt_at = updated_at, enqueued_at = updated_at;

-- Before V2 the same bytes could be uploaded twice by one owner: the oldest copy keeps the hash as its
-- content key, later copies get a unique stand-in so the index below can be built without deleting anything.
update documents d
   set content_key = case when r.rn = 1 then d.sha256 else d.sha256 || ':' || d.id::text end
  from (select id, row_number() over (partition by owner_id, sha256 order by created_at, id) as rn from documents) r
 where r.id = d.id;

alter table documents
    alter column storage_key set not null,
    alter column content_key set not null,
    alter column next_attempt_at set not null;

-- same bytes, same owner → one document, enforced by the database even for concurrent uploads
create unique index documents_owner_content_uq on documents (owner_id, content_key);
-- same name, other bytes → a new version of the newest document of that name
create index documents_owner_name_idx on documents (owner_id, name, created_at desc);
-- the reconciler's scans: due queued jobs and expired leases
create index documents_due_idx on documents (next_attempt_at) where status = 'queued';
create index documents_lease_idx on documents (lease_until) where status = 'processing';
