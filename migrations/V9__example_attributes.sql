-- Example attributes (docs/method.md, "Subsets and breakdowns"): per dataset, any number of named values per example.
-- A multi-valued attribute (a phrase of two Flickr30k Entities types) has one row per value. `phrase-type` is stored at
-- registration; others are imported from a TSV (POST /api/datasets/{id}/attributes, `xmodal attributes import`).
CREATE TABLE example_attribute (
    dataset_id BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    example    INT    NOT NULL CHECK (example >= 0),
    name       TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    PRIMARY KEY (dataset_id, name, value, example)
);
-- A restriction or breakdown reads (dataset, name) and joins on example.
CREATE INDEX example_attribute_by_example ON example_attribute (dataset_id, name, example);

-- MRC-XE against an imported gold class label (the paper's MRC-XE-VG), lang4vis rows of examples that have one.
ALTER TABLE result ADD COLUMN label_nats REAL;

ALTER TABLE aggregate DROP CONSTRAINT aggregate_metric_check;
ALTER TABLE aggregate ADD CONSTRAINT aggregate_metric_check CHECK (metric IN ('mlm', 'mrc-kl', 'mrc-xe', 'mrc-xe-label'));
