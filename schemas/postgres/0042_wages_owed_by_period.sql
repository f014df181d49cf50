-- The workforce statistics (issue 18) read the wages still owed of one
-- month per enrolment, and of six months per month, from the wages_payable
-- postings of the projects in scope. The account index orders them by
-- account before period, so a month's read walked every month's entries
-- of each project (at province size 1.2 million entries for the 190,000
-- of June). This index holds only the wages_payable postings, by project
-- and period, with the account and amount: a month's owed wages are read
-- from it alone, in (project, account) order, the statement's grouping.
-- Postings of other accounts (labour cost, the wage account) do not enter
-- it; a wages_payable posting writes one index entry more.
CREATE INDEX ledger_postings_wages_period_idx ON ledger_postings (project_id, period, account_ref) INCLUDE (amount)
    WHERE account_kind = 'wages_payable';
