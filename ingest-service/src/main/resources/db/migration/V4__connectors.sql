-- Connectors: a user's connection to a third-party system (ClickUp) whose documents ingest imports.
-- The API token is stored only as an AEAD ciphertext (common SecretBox: AES-256-GCM under a keyset
-- kept outside the database); its associated data is the row's id and owner, so a ciphertext
-- copied to another row does not decrypt. token_key_id is the keyset key it was made under (also
-- the ciphertext's first bytes), so rotation finds what still needs re-encrypting.
create table connectors (
    id               uuid primary key,
    owner_id         text        not null,
    type             text        not null check (type in ('clickup')),
    workspace_id     text        not null,
    -- chosen spaces and lists, comma-separated ClickUp ids (empty: the whole workspace)
    space_ids        text        not null default '',
    list_ids         text        not null default '',
    token_ciphertext bytea       not null,
    token_key_id     bigint      not null,
    -- the token's last four characters, the only part of it ever shown
    token_hint       text        not null,
    -- who the token belongs to in ClickUp, as ClickUp answered when it was checked
    external_user    text,
    status           text        not null default 'idle' check (status in ('idle', 'syncing', 'failed', 'needs_reauth')),
    last_sync_at     timestamptz,
    last_error       text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index connectors_owner_created_idx on connectors (owner_id, created_at desc);
-- rotation: the secrets not yet under the keyset's primary key
create index connectors_token_key_idx on connectors (token_key_id);

-- A document imported through a connector points at it (null for uploads); deleting a connector
-- deletes its documents first (the verified deletion), this only guards against leftovers.
alter table documents add column connector_id uuid references connectors (id) on delete set null;
create index documents_connector_idx on documents (connector_id) where connector_id is not null;
