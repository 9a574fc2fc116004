-- Postfix's header_checks, mime_header_checks and body_checks (pcre/regexp tables): one ordered
-- table per kind, read by every smtp-ingress pod into memory as the maps are. The pattern is kept
-- as written in the table (/regex/flags or !/regex/flags); queue-manager stores only rules that
-- compile with io.postfleet.maps.content.ContentRule, the very code the pods match with.
create table content_check_rule (
    kind     varchar(16) not null check (kind in ('HEADER', 'MIME_HEADER', 'BODY')),
    position integer     not null check (position >= 1),
    pattern  text        not null check (pattern <> ''),
    action   varchar(8)  not null check (action in ('REJECT', 'WARN', 'HOLD', 'DISCARD', 'IGNORE', 'PREPEND',
                                                    'REPLACE', 'STRIP', 'DUNNO', 'OK')),
    text     text        not null default '',
    primary key (kind, position),
    -- A second rule with the same pattern could never match first: refused as a conflict.
    unique (kind, pattern)
);

create trigger content_check_rule_changed after insert or update or delete or truncate on content_check_rule
    for each statement execute function bump_maps_version();
