-- Batching and untargeted entries (docs/platform.md, "Batching" and "Entries without a target").
-- A model whose outputs depend on the other examples of its batch (VOLTA's VL-BERT) says so in its metadata.
ALTER TABLE model ADD COLUMN batch_dependent BOOLEAN NOT NULL DEFAULT FALSE;

-- How an experiment version groups examples into model calls, and what it does with entries that have no target.
ALTER TABLE experiment_version ADD COLUMN batching TEXT NOT NULL DEFAULT 'auto'
    CHECK (batching IN ('auto', 'paper', 'exact', 'fast'));
ALTER TABLE experiment_version ADD COLUMN untargeted TEXT NOT NULL DEFAULT 'error'
    CHECK (untargeted IN ('error', 'skip'));

-- The entries a run left out because they have nothing to score in its direction, written with the chunk that
-- passed them (one row per entry, whatever the number of attempts).
CREATE TABLE run_skipped (
    run_id  BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    example INT    NOT NULL,
    image   BIGINT NOT NULL,
    phrase  TEXT   NOT NULL,
    reason  TEXT   NOT NULL,
    PRIMARY KEY (run_id, example)
);
