-- Users. Usernames are unique regardless of case: the lower-cased copy carries the unique index, so the rule
-- holds whatever collation the server defaults to.
CREATE TABLE users (
    id            VARCHAR(36)     NOT NULL,
    username      VARCHAR(32)  NOT NULL,
    username_key  VARCHAR(32)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    roles         VARCHAR(255) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uk_users_username_key UNIQUE (username_key),
    CONSTRAINT ck_users_username_key CHECK (username_key = LOWER(username))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
