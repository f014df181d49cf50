-- Registry fidelity (issue 11, items 10 and 12).
--
-- Trades become a dictionary: an enrolment keeps the trade as the clerk
-- wrote it (trade) and its dictionary code (trade_code, '' for a trade the
-- dictionary does not know), so the juvenile, hazardous-trade and other
-- lists can name trades by code.
--
-- Wages may go to an account that is not a card (REG Art. 31: a Type II
-- account or a passbook, whose number has no Luhn check digit). The kind
-- of the number is kept with the enrolment, with each entry of its card
-- history, and with each payment instruction, which the bank file carries.
-- Every existing number was Luhn-checked: it is a card.
ALTER TABLE enrolments ADD COLUMN trade_code TEXT NOT NULL DEFAULT '';
ALTER TABLE enrolments ADD COLUMN account_kind TEXT NOT NULL DEFAULT 'card'
    CONSTRAINT enrolments_account_kind_check CHECK (account_kind IN ('card', 'account'));
ALTER TABLE enrolment_details ADD COLUMN account_kind TEXT
    CONSTRAINT enrolment_details_account_kind_check CHECK (account_kind IN ('card', 'account'));
UPDATE enrolment_details SET account_kind = 'card' WHERE field = 'bank_card';
ALTER TABLE payment_instructions ADD COLUMN payee_account_kind TEXT NOT NULL DEFAULT 'card'
    CONSTRAINT payment_instructions_account_kind_check CHECK (payee_account_kind IN ('card', 'account'));

-- The view readers use gains the instruction's account kind.
DROP VIEW instructions;
CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of, i.payee_account_kind
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;
