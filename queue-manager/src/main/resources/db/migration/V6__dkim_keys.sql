-- DKIM signing keys (OpenDKIM's KeyTable and SigningTable in one): one active key per signing
-- domain, which is the domain of From: and need not be one of the domains we receive for.
create table dkim_key (
    domain     varchar(253)  primary key,
    selector   varchar(253)  not null,
    algorithm  varchar(16)   not null check (algorithm in ('rsa-sha256', 'ed25519-sha256')),
    -- the p= value of the TXT record to publish; the private key's public half
    public_key text          not null,
    -- a key in a mounted Secret: only its path is stored ...
    key_file   varchar(1024),
    -- ... or the PKCS#8 key sealed with AES-256-GCM under postfleet.dkim.master-key: the 96-bit
    -- nonce, and the ciphertext with its tag; domain and selector are the associated data.
    nonce      bytea,
    sealed_key bytea,
    created_at timestamptz   not null default now(),
    constraint dkim_key_one_source check (
        (key_file is not null and nonce is null and sealed_key is null)
        or (key_file is null and nonce is not null and sealed_key is not null))
);

-- outbound-relay reloads its keys when the maps change counter moves, like every other map reader.
create trigger dkim_key_changed after insert or update or delete or truncate on dkim_key
    for each statement execute function bump_maps_version();
