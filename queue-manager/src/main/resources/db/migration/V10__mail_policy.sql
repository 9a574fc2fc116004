-- The sender-check policy of smtp-ingress (io.postfleet.maps.policy.MailPolicy), read by every pod
-- into memory as the maps are. Relational rather than one jsonb document: the maps reader has no
-- JSON library, and CHECK constraints keep every stored value one the reader can map onto the
-- model's enums, so a bad row cannot reach a pod. Enum values are stored as the Java names.
-- No row anywhere is MailPolicy.DEFAULT; rows override it piece by piece.

-- The settings of the checks that have some: one row, absent until the first PUT.
create table mail_policy (
    id                           integer primary key check (id = 1),
    dnsbl_threshold              integer not null check (dnsbl_threshold >= 1),
    dnsbl_action                 varchar(8) not null check (dnsbl_action in ('IGNORE', 'ENFORCE', 'DROP')),
    greylist_delay_ms            bigint  not null check (greylist_delay_ms >= 0),
    greylist_retry_window_ms     bigint  not null,
    greylist_auto_allowlist_after integer not null check (greylist_auto_allowlist_after >= 0),
    greylist_max_age_ms          bigint  not null check (greylist_max_age_ms > 0),
    dkim_length_tag              varchar(8) not null check (dkim_length_tag in ('HONOR', 'REFUSE')),
    text_dnsbl                   text    not null,
    text_iprev                   text    not null,
    text_spf                     text    not null,
    text_dmarc                   text    not null,
    text_greylist                text    not null,
    check (greylist_retry_window_ms > greylist_delay_ms)
);

-- The mode of each check per listener; a missing row keeps MailPolicy.DEFAULT's mode.
create table policy_listener_mode (
    listener   varchar(16) not null check (listener in ('MX', 'SUBMISSION')),
    check_name varchar(16) not null check (check_name in ('IPREV', 'DNSBL', 'SPF', 'GREYLIST', 'DKIM', 'DMARC')),
    mode       varchar(8)  not null check (mode in ('OFF', 'TAG', 'ENFORCE')),
    primary key (listener, check_name)
);

-- postscreen_dnsbl_sites, in order (the order is kept for display; scores add up).
create table policy_dnsbl_zone (
    position integer primary key,
    zone     varchar(512) not null check (zone <> '')
);

-- A recipient domain's overrides: A-label, lower case, as the domain table holds names. Not a
-- foreign key to domain: a relay domain or one not yet created may carry a policy too.
create table policy_domain (
    domain     varchar(253) primary key check (domain = lower(domain) and domain <> ''),
    quarantine varchar(8)   not null default 'HOLD' check (quarantine in ('HOLD', 'JUNK'))
);

create table policy_domain_mode (
    domain     varchar(253) not null references policy_domain (domain) on delete cascade,
    check_name varchar(16)  not null check (check_name in ('IPREV', 'DNSBL', 'SPF', 'GREYLIST', 'DKIM', 'DMARC')),
    mode       varchar(8)   not null check (mode in ('OFF', 'TAG', 'ENFORCE')),
    primary key (domain, check_name)
);

create trigger mail_policy_changed after insert or update or delete or truncate on mail_policy
    for each statement execute function bump_maps_version();
create trigger policy_listener_mode_changed after insert or update or delete or truncate on policy_listener_mode
    for each statement execute function bump_maps_version();
create trigger policy_dnsbl_zone_changed after insert or update or delete or truncate on policy_dnsbl_zone
    for each statement execute function bump_maps_version();
create trigger policy_domain_changed after insert or update or delete or truncate on policy_domain
    for each statement execute function bump_maps_version();
create trigger policy_domain_mode_changed after insert or update or delete or truncate on policy_domain_mode
    for each statement execute function bump_maps_version();

-- Quarantine: a message smtp-ingress accepted but a check quarantined is recorded with its reason;
-- its jobs wait in deferred_job as held jobs (postsuper -h) until an admin releases or deletes them.
alter table queued_message add column quarantine text not null default '';
