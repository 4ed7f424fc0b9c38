-- The head of each audit chain in one row: appending a record is then a single statement that
-- advances the head (its row lock orders writers on that chain) and inserts the record with the new
-- hash, instead of a lock, a read of the last record and an insert.
CREATE TABLE audit_chain_head (
  chain smallint PRIMARY KEY,
  seq bigint NOT NULL,
  prev bytea NOT NULL,
  hash bytea NOT NULL
);
INSERT INTO audit_chain_head (chain, seq, prev, hash)
SELECT c,
       coalesce((SELECT chain_seq FROM audit_log WHERE chain = c ORDER BY chain_seq DESC LIMIT 1), 0),
       coalesce((SELECT prev_hash FROM audit_log WHERE chain = c ORDER BY chain_seq DESC LIMIT 1), '\x'::bytea),
       coalesce((SELECT hash FROM audit_log WHERE chain = c ORDER BY chain_seq DESC LIMIT 1), decode(repeat('00', 32), 'hex'))
  FROM generate_series(0, 7) AS c;
GRANT SELECT, UPDATE ON audit_chain_head TO renkou_app;
