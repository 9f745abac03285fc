-- Reference results and seed groups (docs/method.md, "Published results and seeds").

-- A model's seed group: the architecture it replicates, from its metadata's `group`. Without one, the naming rule
-- NAME_sN / NAME-sN groups a model under NAME.
ALTER TABLE model ADD COLUMN seed_group TEXT CHECK (seed_group IS NULL OR length(seed_group) BETWEEN 1 AND 200);

-- A published table of mean losses, imported read-only: means only, no per-example rows, no intervals.
-- sha256 covers the imported files, so importing the same files under the same name again changes nothing.
CREATE TABLE published_table (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    citation    TEXT        NOT NULL,
    sources     TEXT[]      NOT NULL,
    sha256      TEXT        NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);

-- One published mean. model is the published name; architecture, seed and variant are read from it
-- (X_sN, X-thrNN, X-thrNNiot, X_rnd-vl, X-xent, ...). caveat says why a value is not comparable with xmodal's
-- metric of the same name (the published MRC-XE's off-by-one label).
CREATE TABLE published_result (
    table_id     BIGINT           NOT NULL REFERENCES published_table (id) ON DELETE CASCADE,
    model        TEXT             NOT NULL,
    architecture TEXT             NOT NULL,
    seed         BIGINT,
    variant      TEXT,
    direction    TEXT             NOT NULL CHECK (direction IN ('vis4lang', 'lang4vis')),
    condition    TEXT             NOT NULL,
    metric       TEXT             NOT NULL CHECK (metric IN ('mlm', 'mrc-kl', 'mrc-xe')),
    mean_bits    DOUBLE PRECISION NOT NULL,
    caveat       TEXT,
    -- the row's place in the imported files, so that the table reads back in published order
    position     INT              NOT NULL,
    PRIMARY KEY (table_id, model, direction, condition, metric)
);
