-- Where each attempt ended, over which TLS, and how long it took (wire format version 2).
alter table delivery_log
    add column stage      varchar(16) not null default '',
    add column tls        varchar(200) not null default '',
    add column elapsed_ms bigint      not null default 0;
