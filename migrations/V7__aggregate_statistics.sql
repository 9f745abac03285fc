-- The uncertainty of a finished run's aggregates (docs/method.md, "Uncertainty"), computed from its stored rows in
-- example order when the run succeeds: per condition and metric, the BCa bootstrap interval of the mean, of the
-- change against the run's none and of the relative change, the sign-flip permutation p-value of that change and its
-- Holm adjustment across the run's conditions, with the settings that produced them. Nats, except the relative
-- bounds (fractions) and p. n: the examples with a value under every condition of the run (the paired sample).
CREATE TABLE aggregate_statistics (
    run_id           BIGINT           NOT NULL REFERENCES run (id),
    condition_index  SMALLINT         NOT NULL,
    metric           TEXT             NOT NULL CHECK (metric IN ('mlm', 'mrc-kl', 'mrc-xe')),
    n                BIGINT           NOT NULL,
    mean_low_nats    DOUBLE PRECISION NOT NULL,
    mean_high_nats   DOUBLE PRECISION NOT NULL,
    delta_low_nats   DOUBLE PRECISION,
    delta_high_nats  DOUBLE PRECISION,
    relative_low     DOUBLE PRECISION,
    relative_high    DOUBLE PRECISION,
    p_value          DOUBLE PRECISION CHECK (p_value > 0 AND p_value <= 1),
    p_holm           DOUBLE PRECISION CHECK (p_holm > 0 AND p_holm <= 1),
    interval_method  TEXT             NOT NULL CHECK (interval_method IN ('bca')),
    level            DOUBLE PRECISION NOT NULL CHECK (level > 0 AND level < 1),
    resamples        INT              NOT NULL CHECK (resamples > 0),
    permutations     INT              NOT NULL CHECK (permutations > 0),
    seed             BIGINT           NOT NULL,
    PRIMARY KEY (run_id, condition_index, metric)
);
