-- Every outcome the delivery services report, one row per recipient and attempt: the record behind
-- the queue API. Rows are written before the results offset is committed; a replayed record after
-- a crash is ignored by the unique key.
create table delivery_log (
    id                 bigserial    primary key,
    queue_id           varchar(32)  not null,
    recipient          varchar(320) not null,
    original_recipient varchar(320) not null,
    status             varchar(16)  not null check (status in ('sent', 'deferred', 'bounced')),
    dsn                varchar(16)  not null,
    relay              varchar(300) not null,
    detail             text         not null,
    attempted_at       timestamptz  not null,
    unique (queue_id, recipient, attempted_at)
);
create index delivery_log_queue_id on delivery_log (queue_id);
