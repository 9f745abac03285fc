-- Identity and access: users, projects and their members, API tokens, browser sessions and the audit log.
-- Experiments, registered models and datasets belong to a project; sweeps, runs and results through their
-- experiment. Everything stored before projects existed moves into the project `default`.

CREATE TABLE app_user (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username        TEXT        NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    display_name    TEXT        NOT NULL DEFAULT '',
    -- Argon2id in its PHC string form; NULL for users who sign in only through single sign-on
    password_hash   TEXT,
    -- the OpenID Connect issuer and subject of a single-sign-on user
    oidc_issuer     TEXT,
    oidc_subject    TEXT,
    admin           BOOLEAN     NOT NULL DEFAULT FALSE,
    disabled        BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
);

-- The implicit owner of everything on a personal node (loopback only, no login).
INSERT INTO app_user (username, display_name, admin, created_at) VALUES ('local', 'local user', TRUE, now());

CREATE TABLE project (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    description     TEXT        NOT NULL DEFAULT '',
    -- folders that this project's registrations must resolve inside; empty: the node's configured roots
    registry_roots  TEXT[]      NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL
);
INSERT INTO project (name, description, created_at) VALUES ('default', 'everything registered and run before projects existed, and the demo', now());

CREATE TABLE project_member (
    project_id      BIGINT      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id         BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role            TEXT        NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_member_by_user ON project_member (user_id);

-- An API token is shown once; only its SHA-256 is kept (tokens carry 256 random bits, so a fast hash suffices).
CREATE TABLE api_token (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    token_hash      TEXT        NOT NULL UNIQUE,
    -- the first characters of the token, so that a user can tell tokens apart
    prefix          TEXT        NOT NULL,
    scopes          TEXT[]      NOT NULL CHECK (scopes <@ ARRAY['read', 'write', 'admin']::TEXT[] AND cardinality(scopes) > 0),
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX api_token_by_user ON api_token (user_id);

-- A browser session: the cookie holds a random id whose SHA-256 is kept here. Its CSRF token is a one-way function
-- of the cookie, so nothing more is stored for it.
CREATE TABLE web_session (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_hash    TEXT        NOT NULL UNIQUE,
    user_id         BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    address         TEXT
);

-- Who did what and when: every state-changing call, allowed or refused, and every failed login.
CREATE TABLE audit_event (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              TIMESTAMPTZ NOT NULL,
    user_id         BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    -- the user name as it was at the time (or as typed, for a failed login)
    actor           TEXT        NOT NULL,
    action          TEXT        NOT NULL,
    project_id      BIGINT REFERENCES project (id) ON DELETE SET NULL,
    target          TEXT        NOT NULL DEFAULT '',
    status          INT         NOT NULL,
    address         TEXT,
    via             TEXT        NOT NULL CHECK (via IN ('local', 'session', 'token', 'anonymous', 'cli'))
);
CREATE INDEX audit_by_time ON audit_event (at DESC);
CREATE INDEX audit_by_project ON audit_event (project_id, at DESC);
-- login throttling counts recent failures per account and per address
CREATE INDEX audit_login_failures ON audit_event (action, at DESC) WHERE action = 'login.failed';

ALTER TABLE experiment ADD COLUMN project_id BIGINT REFERENCES project (id);
ALTER TABLE model ADD COLUMN project_id BIGINT REFERENCES project (id);
ALTER TABLE dataset ADD COLUMN project_id BIGINT REFERENCES project (id);
UPDATE experiment SET project_id = (SELECT id FROM project WHERE name = 'default');
UPDATE model SET project_id = (SELECT id FROM project WHERE name = 'default');
UPDATE dataset SET project_id = (SELECT id FROM project WHERE name = 'default');
-- rows written without a project (by tools that predate projects) go to `default`
CREATE FUNCTION default_project() RETURNS BIGINT LANGUAGE sql STABLE AS $$ SELECT id FROM project WHERE name = 'default' $$;
ALTER TABLE experiment ALTER COLUMN project_id SET DEFAULT default_project();
ALTER TABLE model ALTER COLUMN project_id SET DEFAULT default_project();
ALTER TABLE dataset ALTER COLUMN project_id SET DEFAULT default_project();
ALTER TABLE experiment ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE model ALTER COLUMN project_id SET NOT NULL;
ALTER TABLE dataset ALTER COLUMN project_id SET NOT NULL;
CREATE INDEX experiment_by_project ON experiment (project_id);
CREATE INDEX model_by_project ON model (project_id);
CREATE INDEX dataset_by_project ON dataset (project_id);
-- the same dataset files may be registered by several projects
ALTER TABLE dataset DROP CONSTRAINT dataset_name_content_hash_key;
ALTER TABLE dataset ADD CONSTRAINT dataset_project_name_hash UNIQUE (project_id, name, content_hash);
