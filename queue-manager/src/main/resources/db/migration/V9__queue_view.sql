-- The queue as mailq shows it: each message the router handed to delivery and each of its
-- recipients with its state, until every recipient is delivered or bounced (then the rows go: as
-- Postfix forgets delivered mail, the delivery log keeps the history). The message bytes stay in
-- Kafka and, for deferred mail, in deferred_job; only the header section is kept here, capped.
-- Rows are written before the inbound offset is committed; a replayed record changes nothing.
create table queued_message (
    queue_id          varchar(32)  primary key,
    sender            varchar(320) not null,
    arrival           timestamptz  not null,
    size              bigint       not null,
    client_name       varchar(300) not null,
    client_address    varchar(64)  not null,
    helo              varchar(300) not null,
    protocol          varchar(16)  not null,
    tls               varchar(200) not null,
    auth_user         varchar(320) not null,
    body              varchar(16)  not null,
    smtputf8          boolean      not null,
    envelope_id       text         not null,
    dsn_return        varchar(8)   not null,
    headers           text         not null,
    headers_truncated boolean      not null
);

-- One row per final recipient (after alias expansion), as delivery results name them. Sender and
-- arrival are copied from the message so that listing and counting read this table alone. Domains
-- are A-labels (ASCII): the "C" collation makes grouping them byte comparisons, several times
-- cheaper than a locale's. No foreign key to queued_message: its per-row check locks the message
-- row, which the router's hot path pays for; both tables are written and deleted together instead.
create table queued_recipient (
    queue_id           varchar(32)  not null,
    recipient          varchar(320) not null,
    original_recipient varchar(320) not null,
    domain             varchar(320) collate "C" not null,
    sender             varchar(320) not null,
    arrival            timestamptz  not null,
    state              varchar(16)  collate "C" not null
        check (state in ('IN_FLIGHT', 'DEFERRED', 'HELD', 'DELIVERED', 'BOUNCED')),
    attempts           integer      not null default 0,
    last_error         text         not null default '',
    last_attempt_at    timestamptz,
    primary key (queue_id, recipient)
);
-- The summary counts per state and domain from this index alone; listings walk it by state.
create index queued_recipient_waiting on queued_recipient (state, domain)
    where state in ('IN_FLIGHT', 'DEFERRED', 'HELD');
create index queued_recipient_arrival on queued_recipient (arrival)
    where state in ('IN_FLIGHT', 'DEFERRED', 'HELD');
