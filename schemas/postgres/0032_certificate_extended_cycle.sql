-- The 6-year review cycle of a special-operations certificate (总局令第30号
-- 第二十一条 ¶2): the issuing authority's consent, as recorded with the
-- certificate; '' is the ordinary 3-year cycle.
ALTER TABLE enrolment_certificates ADD COLUMN extended_cycle_consent TEXT NOT NULL DEFAULT '';
