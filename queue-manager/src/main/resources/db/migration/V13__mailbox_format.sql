-- How a mailbox stores its mail, as Postfix's home_mailbox chooses (a trailing / for Maildir, a file
-- name for mbox), but per mailbox: 'MAILDIR' (<root>/<domain>/<localpart>/Maildir/) or 'MBOX'
-- (<root>/<domain>/<localpart>/Mailbox). Existing mailboxes keep Maildir.
alter table mailbox add column format varchar(8) not null default 'MAILDIR'
  check (format in ('MAILDIR', 'MBOX'));
