-- Postfix's delay_warning_time: when a deferred job becomes due for the sender's delay warning
-- (null when none is owed: null sender, NOTIFY without DELAY, warnings off, or already warned), and
-- which messages were warned. The warning is per message, while deferred_job rows come and go with
-- each retry, so it has its own table; the scheduler writes it in the transaction that sends the
-- warning, under its advisory lock, so a restart or a second pod never warns twice.
alter table deferred_job add column delay_warn_at timestamptz;
create index deferred_job_delay_warn_at on deferred_job (delay_warn_at) where delay_warn_at is not null;

create table delay_warning (
    queue_id  varchar(32) primary key,
    queued_at timestamptz not null,
    warned_at timestamptz not null
);
create index delay_warning_queued_at on delay_warning (queued_at);
