-- Whether a project has attendance in a month, which every payroll upload
-- asks before it matches its payees, is one probe of the attendance rollup
-- by (project_id, period): it read the project's whole attendance (every
-- worker's every day) when the month had none yet (issue 16 #11).
CREATE INDEX attendance_months_period_idx ON attendance_months (project_id, period);
