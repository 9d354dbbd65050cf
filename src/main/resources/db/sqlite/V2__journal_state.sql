-- How far the commit log (data dir journal/) has been applied: records up to applied_seq are in
-- this database; after a crash, later ones are replayed from the log. One row.
CREATE TABLE journal_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    applied_seq INTEGER NOT NULL
) STRICT;
INSERT INTO journal_state (id, applied_seq) VALUES (1, 0);
