-- Account deletions not yet published to Kafka (a transactional outbox): a row is written in the transaction that
-- deletes the user and removed once the broker acknowledged the event. No foreign key: the user is gone. A relay
-- claims rows for a while (claim, claimed_until) so that replicas do not publish the same rows at the same time.
CREATE TABLE account_deletion_outbox (
    id            VARCHAR(36) NOT NULL,
    user_id       VARCHAR(36) NOT NULL,
    username      VARCHAR(32) NOT NULL,
    deleted_at    DATETIME(6) NOT NULL,
    claim         VARCHAR(36) NULL,
    claimed_until DATETIME(6) NULL,
    CONSTRAINT pk_account_deletion_outbox PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_account_deletion_outbox_claim ON account_deletion_outbox (claim);
CREATE INDEX ix_account_deletion_outbox_deleted ON account_deletion_outbox (deleted_at);
