-- Only deferred leads are read by their due time; an index over every lead's status and time
-- cost each insert and each status change a B-tree entry for the few that are deferred.
DROP INDEX leads_status_defer;
CREATE INDEX leads_deferred_due ON leads (defer_until, id) WHERE status = 'deferred';
