-- The maps of Postfix's main.cf and /etc/aliases. Addresses and domains are stored in lower case
-- (lookup keys are case-insensitive, as in Postfix); the API normalises them before they get here.

create table domain (
    name       varchar(253) primary key,
    kind       varchar(16)  not null default 'LOCAL' check (kind in ('LOCAL')),
    created_at timestamptz  not null default now()
);

create table mailbox (
    address         varchar(320) primary key,
    domain          varchar(253) not null references domain (name),
    receive_enabled boolean      not null default true,
    created_at      timestamptz  not null default now()
);
create index mailbox_domain on mailbox (domain);

-- address is either local@domain or the catch-all @domain.
create table alias (
    address    varchar(320) primary key,
    domain     varchar(253) not null references domain (name),
    created_at timestamptz  not null default now()
);
create index alias_domain on alias (domain);

create table alias_target (
    alias_address varchar(320) not null references alias (address) on delete cascade,
    position      integer      not null,
    target        varchar(320) not null,
    primary key (alias_address, position)
);

-- A change counter that readers poll (one row, one index lookup) to know when to reload the maps.
create table maps_version (
    id      integer primary key check (id = 1),
    version bigint  not null
);
insert into maps_version (id, version) values (1, 0);

create function bump_maps_version() returns trigger language plpgsql as $$
begin
    update maps_version set version = version + 1 where id = 1;
    return null;
end
$$;

create trigger domain_changed after insert or update or delete or truncate on domain
    for each statement execute function bump_maps_version();
create trigger mailbox_changed after insert or update or delete or truncate on mailbox
    for each statement execute function bump_maps_version();
create trigger alias_changed after insert or update or delete or truncate on alias
    for each statement execute function bump_maps_version();
create trigger alias_target_changed after insert or update or delete or truncate on alias_target
    for each statement execute function bump_maps_version();
