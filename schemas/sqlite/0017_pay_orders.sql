-- Orders to pay (限期支付令) and what follows them (issue 17, item 3).
--
-- An inspector's order_rectification on an arrears alert about an employer
-- becomes an order naming the employer, the workers and what each is owed,
-- prefilled from the books, with a deadline. The nightly check pays it down
-- from the books (ledger.ReviewPayOrder): complied, lapsed, settled. Each
-- step that follows a lapsed order (a guarantee drawdown, extra compensation,
-- court enforcement, a criminal referral) is an inspector's decision, kept
-- once per step.
CREATE TABLE pay_orders (
    project_id      TEXT NOT NULL REFERENCES projects (id),
    id              TEXT NOT NULL,
    alert_id        TEXT NOT NULL,
    employer_id     TEXT NOT NULL REFERENCES organizations (id),
    status          TEXT NOT NULL CONSTRAINT pay_orders_status_check CHECK (status IN ('issued', 'complied', 'lapsed', 'settled')),
    issued_on       TEXT NOT NULL,
    deadline        TEXT NOT NULL,
    amount          INTEGER NOT NULL CONSTRAINT pay_orders_amount_check CHECK (amount > 0),
    unpaid          INTEGER NOT NULL CONSTRAINT pay_orders_unpaid_check CHECK (unpaid >= 0),
    lapsed_on       TEXT,
    unpaid_at_lapse INTEGER NOT NULL DEFAULT 0,
    closed_on       TEXT,
    note            TEXT NOT NULL DEFAULT '',
    issued_by       TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CONSTRAINT pay_orders_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT pay_orders_alert_fkey FOREIGN KEY (project_id, alert_id) REFERENCES alerts (project_id, id)
);
-- /orders/{id} names an order without its project.
CREATE INDEX pay_orders_id_idx ON pay_orders (id);
-- One live order per alert; the employer's lapsed orders for the blacklist.
CREATE UNIQUE INDEX pay_orders_live_key ON pay_orders (project_id, alert_id) WHERE status IN ('issued', 'lapsed');
CREATE INDEX pay_orders_employer_idx ON pay_orders (employer_id, status);

-- An order's lines: one worker and month each, with the unpaid rest as the
-- nightly check last found it.
CREATE TABLE pay_order_lines (
    project_id   TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    enrolment_id TEXT NOT NULL,
    period       TEXT NOT NULL,
    name         TEXT NOT NULL,
    amount       INTEGER NOT NULL CONSTRAINT pay_order_lines_amount_check CHECK (amount > 0),
    unpaid       INTEGER NOT NULL CONSTRAINT pay_order_lines_unpaid_check CHECK (unpaid >= 0),
    CONSTRAINT pay_order_lines_pkey PRIMARY KEY (project_id, order_id, enrolment_id, period),
    CONSTRAINT pay_order_lines_order_fkey FOREIGN KEY (project_id, order_id) REFERENCES pay_orders (project_id, id),
    CONSTRAINT pay_order_lines_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);

-- Inspectors' decisions on lapsed orders, one per order and step.
CREATE TABLE pay_order_decisions (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    step         TEXT NOT NULL CONSTRAINT pay_order_decisions_step_check
                 CHECK (step IN ('guarantee_drawdown', 'extra_compensation', 'court_enforcement', 'criminal_referral')),
    percent      INTEGER NOT NULL DEFAULT 0,
    amount       INTEGER NOT NULL,
    decision_ref TEXT NOT NULL DEFAULT '',
    guarantee_id TEXT NOT NULL DEFAULT '',
    drawdown_id  TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT pay_order_decisions_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT pay_order_decisions_order_fkey FOREIGN KEY (project_id, order_id) REFERENCES pay_orders (project_id, id)
);
CREATE UNIQUE INDEX pay_order_decisions_step_key ON pay_order_decisions (project_id, order_id, step);
