-- No-op on SQLite: the PostgreSQL migration of the same name lowers the
-- fillfactor of instruction_states and ledger_balances so that their rows,
-- updated in place many times, are rewritten on their own page without
-- touching an index (HOT updates). SQLite's b-trees have no fillfactor and no
-- such updates; the statement below only keeps the two dialects' migrations
-- numbered and named alike.
SELECT 1;
