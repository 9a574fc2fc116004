-- RFC 5321 §4.5.1: every domain we accept mail for takes postmaster, and so does the bare
-- <postmaster>. Where Postfix has the postmaster alias in /etc/aliases, the maps carry one address
-- that postmaster@ of each local and virtual alias domain without an entry of its own leads to,
-- and that double bounces go to. Empty: none configured.
alter table maps_setting add column postmaster varchar(320) not null default '';
