-- A deferred row the retry scheduler fails on (its job unreadable, a bug its content triggers) is
-- tried again with a growing pause and, after postfleet.consumers.max-attempts failures, moved to
-- dead_letter (source_topic 'deferred_job', source_partition 0, source_offset the row id) so that
-- it no longer fails every scan and blocks the rows behind it; Postfix moves such a queue file to
-- corrupt/. Transient failures (database or broker down) are not counted.
alter table deferred_job add column scan_failures integer not null default 0;
alter table deferred_job add column last_scan_failure text not null default '';
