-- An order to pay's deadline counted in working days; see the PostgreSQL
-- migration of the same name.
ALTER TABLE pay_orders ADD COLUMN deadline_working_days INTEGER NOT NULL DEFAULT 0;
