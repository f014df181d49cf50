-- Issue 16, item 14: a wage account number is stored as its digits alone,
-- so that "1100-0000-0000-0001" and "1100000000000001" at one bank are one
-- account to the uniqueness constraint and to a bank's inflow (the lead may
-- renumber this migration at merge). The service normalises what it stores
-- from now on (ledger.NormaliseWageAccountNo); this normalises what an
-- earlier build stored with hyphens or spaces. A punctuated number whose
-- digits another project of the same bank already holds is left as it is,
-- for the operator to resolve: the two projects name one account, and
-- which of them holds it is not this migration's to decide.
UPDATE projects
   SET wage_account_no = REPLACE(REPLACE(wage_account_no, '-', ''), ' ', '')
 WHERE wage_account_no <> REPLACE(REPLACE(wage_account_no, '-', ''), ' ', '')
   AND NOT EXISTS (SELECT 1 FROM projects q
                    WHERE q.wage_bank_id = projects.wage_bank_id
                      AND q.wage_account_no = REPLACE(REPLACE(projects.wage_account_no, '-', ''), ' ', ''));
