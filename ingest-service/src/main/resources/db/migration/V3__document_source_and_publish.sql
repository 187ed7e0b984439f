-- Where a document came from, and whether an admin published it to every user.
--
-- source_type: 'upload' (a file sent to POST /api/documents), 'url' (fetched from source_url by
-- POST /api/documents/import) or 'clickup' (a task a connector imported: source_external_id is the task id,
-- source_url its link). Connectors set these columns when they create a document; rows from before V3 are uploads.
alter table documents
    add column source_type        text    not null default 'upload' check (source_type in ('upload', 'url', 'clickup')),
    add column source_external_id text,
    add column source_url         text,
    -- published: every user sees the document (read-only) in their list and retrieves from it
    add column published          boolean not null default false,
    add column published_at       timestamptz,
    add column published_by       text,
    add constraint documents_source_url_ck check (source_type = 'upload' or source_url is not null);

-- one document per original in an external system and owner (a connector re-importing a task updates it)
create unique index documents_owner_external_uq on documents (owner_id, source_type, source_external_id)
    where source_external_id is not null;
-- everyone's list reads the published documents next to their own, newest first
create index documents_published_created_idx on documents (created_at desc) where published;
