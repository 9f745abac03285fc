package org.xmodal.data;

/** What a file a reader opens is for; each kind has its own size limit where files are confined. */
public enum FileKind {
    /** A small JSON manifest: dataset.json, a feature store's manifest.json, a model's metadata file. */
    MANIFEST,
    /** A text file read whole: split and class lists, images.tsv, sentence and annotation files, a tokenizer. */
    TEXT,
    /** A raw float32 file of a feature store, read by position, or any other file of a dataset folder. */
    FEATURES,
    /** A TorchScript file. */
    MODEL
}
