-- What the last attempt of a delivery got done at the buyer, for the next attempt to resume from
-- (Pipedrive: the person it created). Text owned by the endpoint's adapter; null when nothing.
ALTER TABLE deliveries ADD COLUMN progress TEXT;
