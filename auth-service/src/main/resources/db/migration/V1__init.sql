-- auth-service schema: users and their login sessions. Flyway runs this in schema `auth`.

create table users (
    id            uuid        primary key,
    email         text        not null,
    password_hash text        not null,
    display_name  text        not null,
    role          text        not null default 'user',
    disabled      boolean     not null default false,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    -- the database, not a check-then-insert, decides that an address is taken
    constraint users_email_key unique (email),
    constraint users_email_normalised check (email = lower(email) and char_length(email) between 3 and 254),
    constraint users_role_check check (role in ('user', 'admin')),
    constraint users_display_name_length check (char_length(display_name) between 1 and 100)
);

-- "is there an admin yet?" at every start-up
create index users_admins_idx on users (id) where role = 'admin';
-- the admin user list pages in creation order
create index users_created_at_idx on users (created_at, id);

create table sessions (
    id           uuid        primary key,
    user_id      uuid        not null references users (id) on delete cascade,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    last_used_at timestamptz not null default now(),
    revoked_at   timestamptz,
    user_agent   text,
    ip           text,
    constraint sessions_expiry check (expires_at > created_at)
);

create index sessions_user_id_idx on sessions (user_id);
