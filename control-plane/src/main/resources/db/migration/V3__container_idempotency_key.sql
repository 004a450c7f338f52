ALTER TABLE container ADD COLUMN idempotency_key VARCHAR(255);
CREATE UNIQUE INDEX container_idempotency ON container (created_by, idempotency_key);
