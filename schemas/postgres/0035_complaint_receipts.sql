-- Issue 17. A worker who files a complaint is shown, once, a receipt code
-- that opens the complaint's state and deadlines and nothing else; the
-- database keeps only its HMAC under the key file's complaint-receipt key
-- (''  when none was issued, or an inspector's re-issue replaced it).
ALTER TABLE complaints ADD COLUMN receipt_hash TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX complaints_receipt_idx ON complaints (receipt_hash) WHERE receipt_hash <> '';

-- A payslip link an inspector re-issued straight to the worker: its
-- contractor sees that it exists, never its token (no link, no QR code).
ALTER TABLE payslip_tokens ADD COLUMN direct INTEGER NOT NULL DEFAULT 0;
