-- Shard leases and fencing. A running shard's lease is its heartbeat_at, renewed by its worker; the attempt
-- number (attempts) fences every chunk commit, so it must only ever grow. A manual retry therefore no longer
-- resets it: retry_base records the attempts at the last retry, and the retry budget counts from there.
ALTER TABLE shard ADD COLUMN retry_base INT NOT NULL DEFAULT 0;

-- the reaper's scan: running shards by lease age
CREATE INDEX shard_running_by_lease ON shard (heartbeat_at) WHERE state = 'running';
