CREATE TABLE network (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    cidr        VARCHAR(32)  NOT NULL,
    host_prefix INTEGER      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(255) NOT NULL
);

CREATE TABLE network_subnet (
    id           VARCHAR(128) PRIMARY KEY,
    network_id   VARCHAR(64)  NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    host_id      VARCHAR(64)  NOT NULL REFERENCES host (id) ON DELETE CASCADE,
    subnet_index BIGINT       NOT NULL,
    cidr         VARCHAR(32)  NOT NULL,
    UNIQUE (network_id, host_id),
    UNIQUE (network_id, subnet_index)
);
