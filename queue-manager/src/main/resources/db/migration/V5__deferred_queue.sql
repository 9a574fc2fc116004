-- Postfix's deferred queue: relay jobs whose recipients got a temporary failure, with the whole
-- message, waiting for their next attempt. A row is written before the results offset that brought
-- it is committed; a replayed record hits the unique key and changes nothing.
create table deferred_job (
    id              bigserial    primary key,
    queue_id        varchar(32)  not null,
    sender          varchar(320) not null,
    next_hop        varchar(320) not null,
    recipients      text         not null,
    attempts        integer      not null,
    queued_at       timestamptz  not null,
    next_attempt_at timestamptz  not null,
    last_error      text         not null default '',
    held            boolean      not null default false,
    job             bytea        not null,
    unique (queue_id, next_hop, attempts)
);
create index deferred_job_due on deferred_job (next_attempt_at) where not held;
create index deferred_job_queue_id on deferred_job (queue_id);
