-- Issue 17: an order to pay's deadline counted in working days (the
-- policy's default) is counted again when the working-day calendar gains
-- the State Council notice of a year it counted across, as a complaint's
-- is; a date the inspector gave (0 here) is a date, never counted again.
-- Orders issued before this migration keep their dates (0).
ALTER TABLE pay_orders ADD COLUMN deadline_working_days INTEGER NOT NULL DEFAULT 0;
