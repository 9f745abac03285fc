package org.xmodal.chaos;

/** The kinds of fault the chaos suite injects into a running sweep, and what each one aims at. */
enum Fault {
    NODE_KILL("SIGKILL of a node", Aim.NODE),
    NODE_PAUSE("SIGSTOP of a node past the check-in interval, then SIGCONT", Aim.NODE),
    NODE_TERM("SIGTERM of a node during a chunk", Aim.NODE),
    CONNECTION_CUT("pg_terminate_backend of a node's connections", Aim.NODE),
    DB_KILL("SIGKILL of PostgreSQL, restarted after a pause", Aim.DATABASE),
    DB_RESTART("restart of PostgreSQL", Aim.DATABASE),
    DB_READ_ONLY("read-only database", Aim.DATABASE),
    MODEL_REPLACED("model file replaced mid-sweep", Aim.MODEL);

    /** What a fault hits: one node (and the shards it runs), the database (every running shard), or a model's file. */
    enum Aim { NODE, DATABASE, MODEL }

    final String description;
    final Aim aim;

    Fault(String description, Aim aim) {
        this.description = description;
        this.aim = aim;
    }
}
