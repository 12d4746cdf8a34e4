-- The demo users of examples/conf/smtpd.conf, in the Gentoo guide's postfixadmin-style mailbox table.
-- Passwords: testuser/secret (SHA-512-crypt), alice/alice-pw (yescrypt), bob/bob-pw (bcrypt),
-- carol/carol-pw (MD5-crypt, inactive). Hashes made by libxcrypt. demo.sqlite is this script run by SQLite.
CREATE TABLE mailbox (username VARCHAR(255) PRIMARY KEY, password VARCHAR(255) NOT NULL, name VARCHAR(255) NOT NULL DEFAULT '', maildir VARCHAR(255) NOT NULL DEFAULT '', local_part VARCHAR(255) NOT NULL, domain VARCHAR(255) NOT NULL, active CHAR(1) NOT NULL DEFAULT '1');
INSERT INTO mailbox (username, password, local_part, domain, active) VALUES ('testuser@example.com', '$6$jsasldemo0000001$lYWI8Iny2P52xOPdSGgMZQiP64uQX9YcvMaIADNQNU15xupd3fQTw1iO5R2TMp7YbiWT2bwc6ZeiDQ./mqWZN.', 'testuser', 'example.com', '1');
INSERT INTO mailbox (username, password, local_part, domain, active) VALUES ('alice@example.com', '$y$j9T$/6k.2IU/5UE08g.1Bsk1E.$p5R5VXZEfK47OzG71ZWB.9uT7QdONXtyJ4a5YqDNuwC', 'alice', 'example.com', '1');
INSERT INTO mailbox (username, password, local_part, domain, active) VALUES ('bob@example.com', '$2b$10$jsasldemosaltjsasldemuECJeBaV.hNOf9zWRCT2qk1LPjRcRNNK', 'bob', 'example.com', '1');
INSERT INTO mailbox (username, password, local_part, domain, active) VALUES ('carol@example.com', '$1$jsasldem$Lrg76OQqSGRcc8.3SFehF0', 'carol', 'example.com', '0');
