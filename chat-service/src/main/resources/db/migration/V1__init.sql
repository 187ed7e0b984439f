-- chat-service: conversations, their messages, and feedback on answers. Every row carries the
-- owner (the user id from the access token), and every query filters by it.

create table conversations (
    id          uuid primary key,
    owner_id    varchar(64)  not null,
    title       varchar(255) not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);
create index conversations_owner_updated_idx on conversations (owner_id, updated_at desc);

create table messages (
    id               uuid primary key,
    seq              bigint generated always as identity,
    conversation_id  uuid        not null references conversations (id) on delete cascade,
    owner_id         varchar(64) not null,
    role             varchar(16) not null check (role in ('user', 'assistant')),
    content          text        not null,
    mode             varchar(16) check (mode in ('llm', 'extractive')),
    citations        jsonb,
    created_at       timestamptz not null
);
create index messages_conversation_idx on messages (conversation_id, created_at, seq);
create index messages_owner_idx on messages (owner_id);

create table feedback (
    message_id  uuid primary key references messages (id) on delete cascade,
    owner_id    varchar(64) not null,
    rating      varchar(8)  not null check (rating in ('up', 'down')),
    comment     text check (comment is null or char_length(comment) <= 2000),
    created_at  timestamptz not null
);
