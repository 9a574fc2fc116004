-- How full each mailbox with a quota is, as local-delivery last counted it: a Maildir in its Maildir++
-- maildirsize file, an mbox by the file's size (its message count is not kept: null) (issue 13). Written once per batch of delivery results, never per message, and
-- deliberately without a maps_version trigger: a delivery must not reload every service's maps.
-- over_quota is the verdict at the time of the count (used_bytes >= the quota then); smtp-ingress reads
-- those rows every few seconds, checks them against the current quota and refuses RCPT with 452.
create table mailbox_usage (
    address       varchar(320) primary key references mailbox (address) on delete cascade,
    used_bytes    bigint       not null check (used_bytes >= 0),
    used_messages bigint       check (used_messages >= 0),
    over_quota    boolean      not null,
    updated_at    timestamptz  not null
);
create index mailbox_usage_over_quota on mailbox_usage (address) where over_quota;
