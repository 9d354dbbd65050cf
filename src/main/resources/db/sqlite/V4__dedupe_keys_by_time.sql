-- Look-ups by key go through the store's in-memory times of each key (DedupeKeyTimes) and then
-- the index by time; an index by key took every new key into a random page, the largest cost of
-- a lead under load.
DROP INDEX dedupe_keys_lookup;
