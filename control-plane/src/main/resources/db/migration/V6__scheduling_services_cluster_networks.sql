-- Portable between H2 2.x and PostgreSQL: standard types only.
-- Multi-host (issue 8): pending containers have no host yet; the scheduler sums requests per host in SQL.

ALTER TABLE container ALTER COLUMN host_id DROP NOT NULL;
ALTER TABLE container ADD COLUMN cpu_request DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE container ADD COLUMN memory_request BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE container ADD COLUMN group_name VARCHAR(255);
ALTER TABLE container ADD COLUMN host_ports VARCHAR(1024);
-- placement: a container is not placed before not_before (reschedule backoff); replaced_by/replaces link a
-- container to the one that takes over its work (drain, host loss, rolling update)
ALTER TABLE container ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE container ADD COLUMN reschedule_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE container ADD COLUMN avoid_host_id VARCHAR(64);
ALTER TABLE container ADD COLUMN replaces_id VARCHAR(64);
ALTER TABLE container ADD COLUMN replaced_by VARCHAR(64);
ALTER TABLE container ADD COLUMN service_id VARCHAR(64);
ALTER TABLE container ADD COLUMN service_slot INTEGER;
ALTER TABLE container ADD COLUMN service_version BIGINT;
CREATE INDEX container_pending ON container (host_id, desired_state);
CREATE INDEX container_service ON container (service_id);

CREATE TABLE service (
    id                  VARCHAR(64)    PRIMARY KEY,
    name                VARCHAR(255)   NOT NULL UNIQUE,
    spec_json           VARCHAR(16384) NOT NULL,
    previous_spec_json  VARCHAR(16384),
    replicas            INTEGER        NOT NULL,
    spec_version        BIGINT         NOT NULL,
    update_json         VARCHAR(1024)  NOT NULL,
    update_state        VARCHAR(32)    NOT NULL,
    update_message      VARCHAR(1024),
    update_started_at   TIMESTAMP WITH TIME ZONE,
    last_batch_at       TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          VARCHAR(255)   NOT NULL,
    version             BIGINT         NOT NULL
);

-- cluster networks: routed (one L2 segment) or vxlan, with a VNI
ALTER TABLE network ADD COLUMN mode VARCHAR(16) DEFAULT 'routed' NOT NULL;
ALTER TABLE network ADD COLUMN vni INTEGER;

-- cluster-wide settings, e.g. the scheduler algorithm
CREATE TABLE cluster_setting (
    name          VARCHAR(128)  PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL
);
