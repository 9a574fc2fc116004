-- Postfix's address classes, transports, mynetworks, SMTP AUTH credentials, and the admin API's
-- own tokens and audit log.

-- LOCAL: mailboxes here (mydestination / virtual_mailbox_domains); VIRTUAL_ALIAS: only aliases
-- (virtual_alias_domains); RELAY: accepted for any recipient and forwarded (relay_domains).
alter table domain drop constraint domain_kind_check;
alter table domain add constraint domain_kind_check check (kind in ('LOCAL', 'VIRTUAL_ALIAS', 'RELAY'));
-- Internationalised names are stored as A-labels (xn--...); the API shows the Unicode form too.

-- bcrypt hashes ($2a$/$2b$/$2y$) for SMTP AUTH; null: the mailbox cannot authenticate.
alter table mailbox add column password_hash varchar(100);
alter table mailbox add column quota_bytes bigint check (quota_bytes is null or quota_bytes > 0);

-- transport(5): a domain ("example.org"), a subdomain wildcard (".example.org") or an address.
create table transport (
    pattern    varchar(320) primary key,
    kind       varchar(8)   not null check (kind in ('LOCAL', 'SMTP', 'ERROR')),
    -- SMTP: "[host]:port" (no MX lookup) or "host" (MX lookup of host); ERROR: "5.7.1 text".
    nexthop    varchar(320) not null default '',
    created_at timestamptz  not null default now()
);

-- mynetworks: clients in these may relay.
create table trusted_network (
    cidr       varchar(64) primary key,
    created_at timestamptz not null default now()
);

-- One row of settings that main.cf would hold: the default relayhost ("" = direct MX delivery)
-- and whether authenticated clients may only send as addresses they own.
create table maps_setting (
    id                integer primary key check (id = 1),
    relayhost         varchar(320) not null default '',
    sender_login_match boolean     not null default false
);
insert into maps_setting (id) values (1);

create trigger transport_changed after insert or update or delete or truncate on transport
    for each statement execute function bump_maps_version();
create trigger trusted_network_changed after insert or update or delete or truncate on trusted_network
    for each statement execute function bump_maps_version();
create trigger maps_setting_changed after insert or update or delete or truncate on maps_setting
    for each statement execute function bump_maps_version();

-- Bearer tokens for the admin API, stored as SHA-256 of the token (tokens are long random
-- strings, so a fast hash suffices; the configured bootstrap token stays outside the table).
create table api_token (
    id         bigserial    primary key,
    name       varchar(100) not null unique,
    role       varchar(16)  not null check (role in ('READER', 'ADMIN')),
    token_hash char(64)     not null unique,
    created_at timestamptz  not null default now()
);

-- Every change made through the admin API: who, when, what, before and after.
create table audit_log (
    id        bigserial    primary key,
    at        timestamptz  not null default now(),
    actor     varchar(100) not null,
    action    varchar(16)  not null,
    resource  varchar(32)  not null,
    key       varchar(320) not null,
    before    jsonb,
    after     jsonb
);
create index audit_log_at on audit_log (at);
