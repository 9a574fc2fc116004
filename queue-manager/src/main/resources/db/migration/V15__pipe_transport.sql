-- pipe(8): a transport whose next hop is a command and its arguments, run by local-delivery.
-- Commands are longer than host names: the column takes what PipeCommand.MAX_LENGTH allows.
alter table transport drop constraint transport_kind_check;
alter table transport add constraint transport_kind_check check (kind in ('LOCAL', 'SMTP', 'ERROR', 'PIPE'));
alter table transport alter column nexthop type varchar(2000);
