-- Records a consumer could not read, as they arrived on postfleet.dead-letters, for the queue API.
-- Text columns are unbounded: a header written by a tool must not make the insert, so the topic, stick.
-- A row is written before the dead-letter offset is committed; a dead letter sent twice (its consumer
-- crashed before committing the source offset) or replayed hits the unique key and changes nothing.
create table dead_letter (
    id               bigserial    primary key,
    source_topic     text         not null,
    source_partition integer      not null,
    source_offset    bigint       not null,
    service          text         not null,
    error            text         not null,
    record_key       text,
    size             integer      not null,
    payload          bytea        not null,
    failed_at        timestamptz  not null,
    received_at      timestamptz  not null,
    unique (source_topic, source_partition, source_offset)
);
create index dead_letter_newest on dead_letter (received_at desc, id desc);
