-- The xmodal platform: registered models and datasets, versioned experiments, sweeps cut into runs and shards,
-- per-example results and per-condition aggregates. Vocabulary as in the architecture map.

-- A registered TorchScript model: its files, their checksums at registration, and its contract metadata.
CREATE TABLE model (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    path            TEXT        NOT NULL,
    sha256          TEXT        NOT NULL,
    tokenizer_path  TEXT        NOT NULL,
    tokenizer_sha256 TEXT       NOT NULL,
    family          TEXT        NOT NULL,
    global_image    TEXT        NOT NULL CHECK (global_image IN ('first', 'last', 'none')),
    feature_size    INT         NOT NULL CHECK (feature_size > 0),
    num_locations   INT         NOT NULL CHECK (num_locations IN (4, 5)),
    num_classes     INT         NOT NULL CHECK (num_classes > 0),
    vocab_size      INT         NOT NULL CHECK (vocab_size > 0),
    text_only       BOOLEAN     NOT NULL,
    registered_at   TIMESTAMPTZ NOT NULL
);

-- A registered evaluation set, versioned by the hash of its content.
CREATE TABLE dataset (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT        NOT NULL,
    path            TEXT        NOT NULL,
    content_hash    TEXT        NOT NULL,
    examples        INT         NOT NULL CHECK (examples >= 0),
    images          INT         NOT NULL CHECK (images >= 0),
    regions         INT         NOT NULL CHECK (regions > 0),
    feature_size    INT         NOT NULL CHECK (feature_size > 0),
    num_classes     INT         NOT NULL CHECK (num_classes > 0),
    max_seq_length  INT         NOT NULL CHECK (max_seq_length >= 3),
    registered_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (name, content_hash)
);

-- An experiment is a name with a history of immutable versions; editing makes a new version.
CREATE TABLE experiment (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT        NOT NULL,
    archived        BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX experiment_name ON experiment (lower(name));

CREATE TABLE experiment_version (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id   BIGINT      NOT NULL REFERENCES experiment (id),
    version         INT         NOT NULL CHECK (version >= 1),
    dataset_id      BIGINT      NOT NULL REFERENCES dataset (id),
    -- the full definition as submitted (models, directions, conditions, options), for display and diffing
    definition      JSONB       NOT NULL,
    batch_size      INT         NOT NULL CHECK (batch_size BETWEEN 1 AND 4096),
    shard_size      INT         NOT NULL CHECK (shard_size >= 1),
    subset_from     INT         NOT NULL CHECK (subset_from >= 0),
    subset_to       INT         NOT NULL CHECK (subset_to >= subset_from),
    priority        INT         NOT NULL DEFAULT 5,
    tags            TEXT[]      NOT NULL DEFAULT '{}',
    notes           TEXT        NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (experiment_id, version)
);
CREATE INDEX experiment_version_tags ON experiment_version USING GIN (tags);

CREATE TABLE experiment_version_model (
    experiment_version_id BIGINT NOT NULL REFERENCES experiment_version (id),
    model_id              BIGINT NOT NULL REFERENCES model (id),
    position              INT    NOT NULL,
    PRIMARY KEY (experiment_version_id, model_id)
);

-- One execution of an experiment version.
CREATE TABLE sweep (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_version_id BIGINT      NOT NULL REFERENCES experiment_version (id),
    state                 TEXT        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    cancel_requested      BOOLEAN     NOT NULL DEFAULT FALSE,
    submitted_at          TIMESTAMPTZ NOT NULL,
    started_at            TIMESTAMPTZ,
    finished_at           TIMESTAMPTZ
);
CREATE INDEX sweep_by_state ON sweep (state, submitted_at DESC);
CREATE INDEX sweep_by_version ON sweep (experiment_version_id);

-- The part of a sweep for one model and one direction; all its conditions are evaluated in one pass.
-- Results refer to a condition by its position in `conditions`.
CREATE TABLE run (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id        BIGINT      NOT NULL REFERENCES sweep (id),
    model_id        BIGINT      NOT NULL REFERENCES model (id),
    direction       TEXT        NOT NULL CHECK (direction IN ('vis4lang', 'lang4vis')),
    conditions      TEXT[]      NOT NULL CHECK (cardinality(conditions) > 0),
    state           TEXT        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    examples_total  INT         NOT NULL CHECK (examples_total >= 0),
    error           TEXT,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    UNIQUE (sweep_id, model_id, direction)
);

-- A contiguous range [first_example, end_example) of a run: what one Quartz job executes, retries and recovers.
-- examples_done counts the examples whose results are committed, so a re-run resumes after them.
CREATE TABLE shard (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id          BIGINT      NOT NULL REFERENCES run (id),
    first_example   INT         NOT NULL CHECK (first_example >= 0),
    end_example     INT         NOT NULL CHECK (end_example > first_example),
    state           TEXT        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts        INT         NOT NULL DEFAULT 0,
    examples_done   INT         NOT NULL DEFAULT 0,
    worker          TEXT,
    heartbeat_at    TIMESTAMPTZ,
    next_attempt_at TIMESTAMPTZ,
    error           TEXT,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    UNIQUE (run_id, first_example)
);
CREATE INDEX shard_by_state ON shard (state) WHERE state IN ('queued', 'running');

-- One row per (run, condition, example): the primary key makes every write idempotent.
-- loss_nats: MLM (vis4lang) or MRC-KL (lang4vis); secondary_nats: MRC-XE (lang4vis);
-- predicted: arg-max token ids at the masked positions, or the arg-max class.
CREATE TABLE result (
    run_id          BIGINT   NOT NULL REFERENCES run (id),
    condition_index SMALLINT NOT NULL,
    example         INT      NOT NULL,
    loss_nats       REAL     NOT NULL,
    secondary_nats  REAL,
    target_region   SMALLINT,
    ablated_regions SMALLINT NOT NULL,
    predicted       INT[]    NOT NULL,
    PRIMARY KEY (run_id, condition_index, example)
);

-- Per run, condition and metric, computed from `result` once all shards of the run are done.
CREATE TABLE aggregate (
    run_id          BIGINT           NOT NULL REFERENCES run (id),
    condition_index SMALLINT         NOT NULL,
    metric          TEXT             NOT NULL CHECK (metric IN ('mlm', 'mrc-kl', 'mrc-xe')),
    n               BIGINT           NOT NULL,
    mean_nats       DOUBLE PRECISION NOT NULL,
    std_nats        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, condition_index, metric)
);

-- Worker threads as last seen: one row per node and device.
CREATE TABLE worker (
    node            TEXT        NOT NULL,
    device          TEXT        NOT NULL,
    shard_id        BIGINT      REFERENCES shard (id),
    heartbeat_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (node, device)
);
