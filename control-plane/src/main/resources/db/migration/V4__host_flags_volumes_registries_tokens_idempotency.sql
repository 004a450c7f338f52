-- Portable between H2 2.x and PostgreSQL: standard types only.

ALTER TABLE host ADD COLUMN cordoned BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE host ADD COLUMN draining BOOLEAN DEFAULT FALSE NOT NULL;

-- why a container waits to be placed elsewhere (drained host); the scheduler clears it
ALTER TABLE container ADD COLUMN pending_reason VARCHAR(512);
-- the first page of GET /api/v1/containers is an index range scan, not a sort of the table
CREATE INDEX container_created_id ON container (created_at, id);
CREATE INDEX container_state_created ON container (desired_state, created_at);

ALTER TABLE api_token ADD COLUMN name VARCHAR(255);
ALTER TABLE api_token ADD COLUMN kind VARCHAR(16) DEFAULT 'login' NOT NULL;
CREATE INDEX api_token_user ON api_token (username, kind);

CREATE TABLE volume (
    id              VARCHAR(64)   PRIMARY KEY,
    name            VARCHAR(255)  NOT NULL,
    host_id         VARCHAR(64)   NOT NULL REFERENCES host (id) ON DELETE CASCADE,
    driver          VARCHAR(64)   NOT NULL,
    labels_json     VARCHAR(8192) NOT NULL,
    desired_state   VARCHAR(16)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(255)  NOT NULL,
    UNIQUE (host_id, name)
);

CREATE TABLE registry_credential (
    id         VARCHAR(64)   PRIMARY KEY,
    registry   VARCHAR(255)  NOT NULL UNIQUE,
    username   VARCHAR(255)  NOT NULL,
    secret     VARCHAR(2048) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(255)  NOT NULL
);

CREATE TABLE idempotency_record (
    username      VARCHAR(255)  NOT NULL,
    idem_key      VARCHAR(255)  NOT NULL,
    request       VARCHAR(1024) NOT NULL,
    status        INTEGER       NOT NULL,
    location      VARCHAR(1024),
    response_body VARCHAR(1000000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (username, idem_key)
);
