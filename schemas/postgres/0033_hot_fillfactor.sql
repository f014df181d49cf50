-- An instruction's state and a project's balance are rewritten in place many
-- times: each confirmation batch of 10,000 payments updates 10,000 states and
-- the balances it moves (a balance row is spread over slots, each updated
-- again and again). PostgreSQL keeps the new version of an updated row on its
-- own page, without touching any index (a HOT update), only if the page has
-- room for it. At fillfactor 70 the pages of a payroll's states fill up
-- within one batch of updates, and the rest of the batch's updates write new
-- index entries; at 50 every state has room for its next version, and pruning
-- makes room again before the one after.
--
-- The setting applies to pages written from now on (a payroll's new
-- instructions); the pages already full keep their rows until a VACUUM FULL
-- or CLUSTER, which this migration does not run: it would lock the tables.
ALTER TABLE instruction_states SET (fillfactor = 50);
ALTER TABLE ledger_balances SET (fillfactor = 50);
