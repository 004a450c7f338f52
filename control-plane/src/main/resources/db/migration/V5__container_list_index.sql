-- GET /api/v1/containers orders by created_at DESC, id: an index in exactly that order lets both H2 and
-- PostgreSQL read the first page straight off the index instead of sorting the table.
DROP INDEX container_created_id;
CREATE INDEX container_created_desc_id ON container (created_at DESC, id);
