-- An order to pay issued to a subcontractor binds the project's general
-- contractor to pay first (先行清偿, REG Art. 30): the order names it, and
-- only an order binding the general contractor opens its wage guarantee to
-- a drawdown once the order lapsed (人社部发〔2021〕65号: the bank pays when
-- the contractor was ordered to clear the arrears, or to pay first, and did
-- not). Orders issued before this named only the employer: '' — they are
-- not read as binding the general contractor after the fact.
ALTER TABLE pay_orders ADD COLUMN general_contractor_id TEXT NOT NULL DEFAULT '';
