-- Sessions get an absolute expiry (expires_at, set at login) and an idle limit (checked against
-- last_used_at); refresh tokens rotate within a session; API keys; the audit trail.

-- One row per refresh token ever issued for a session. Only the SHA-256 of the token is stored.
-- A used token stays (used_at set) until its session goes, so presenting it again is recognised
-- as theft and ends the whole session.
create table refresh_tokens (
    id          uuid        primary key,
    session_id  uuid        not null references sessions (id) on delete cascade,
    token_hash  text        not null,
    created_at  timestamptz not null default now(),
    used_at     timestamptz,
    constraint refresh_tokens_hash_key unique (token_hash),
    constraint refresh_tokens_hash_hex check (token_hash ~ '^[0-9a-f]{64}$')
);

create index refresh_tokens_session_idx on refresh_tokens (session_id);

-- "my sessions": active ones of a user, newest first
create index sessions_user_active_idx on sessions (user_id, created_at desc) where revoked_at is null;

create table api_keys (
    id           uuid        primary key,
    user_id      uuid        not null references users (id) on delete cascade,
    name         text        not null,
    key_hash     text        not null,
    prefix       text        not null,
    scopes       text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    constraint api_keys_hash_key unique (key_hash),
    constraint api_keys_hash_hex check (key_hash ~ '^[0-9a-f]{64}$'),
    constraint api_keys_name_length check (char_length(name) between 1 and 100),
    -- space-separated, each one of the known scopes
    constraint api_keys_scopes_known check (scopes ~ '^(chat|documents:read|documents:write)( (chat|documents:read|documents:write))*$')
);

create index api_keys_user_idx on api_keys (user_id, created_at desc);

create table audit_events (
    id         uuid        primary key,
    at         timestamptz not null default now(),
    type       text        not null,
    user_id    uuid,
    actor_id   uuid,
    session_id uuid,
    ip         text,
    details    jsonb       not null default '{}'::jsonb
);

create index audit_events_at_idx on audit_events (at desc, id);
create index audit_events_user_idx on audit_events (user_id, at desc);
