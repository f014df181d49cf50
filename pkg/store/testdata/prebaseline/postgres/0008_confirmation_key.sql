-- A bank's confirmation is known, and looked up, by its bank reference. The
-- separate key on its random ID cost every confirmation one more index entry
-- and was used only to remove or mark confirmations the same transaction had
-- just written, which the reference does as well.
ALTER TABLE bank_confirmations DROP CONSTRAINT bank_confirmations_pkey;
DROP INDEX bank_confirmations_ref_key;
ALTER TABLE bank_confirmations ADD CONSTRAINT bank_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref);
