-- Greylisting state, shared by every smtp-ingress pod (postgrey's triplet and client databases).
-- The origin is the client network ('192.0.2.0/24', '2001:db8::/64') or 'spf:<domain>' when SPF
-- passed for MAIL FROM. Keys are normalised ASCII-folded text compared byte for byte: "C" collation.
-- Times are the ingress pod's clock, never the database's: the pods decide, the rows remember.
create table greylist_triplet (
    origin     varchar(300) collate "C" not null,
    sender     varchar(320) collate "C" not null,
    recipient  varchar(320) collate "C" not null,
    first_seen timestamptz  not null,
    last_seen  timestamptz  not null,
    -- Retries that came after the delay; 0 while the triplet is still greylisted.
    pass_count integer      not null default 0,
    primary key (origin, sender, recipient)
);

-- Auto-allowlist: an origin whose triplets passed often enough skips the delay (postgrey's
-- --auto-whitelist-clients). A pass is counted at most once an hour, so one burst of retries is
-- one pass; last_seen moves with the count, then hourly while the origin keeps sending.
create table greylist_client (
    client_key varchar(300) collate "C" primary key,
    pass_count integer      not null,
    last_seen  timestamptz  not null
);

-- The hourly purge deletes what was not seen for the maximum age, by these indexes.
create index greylist_triplet_last_seen on greylist_triplet (last_seen);
create index greylist_client_last_seen on greylist_client (last_seen);
