-- See the PostgreSQL migration of the same name.
DROP INDEX payment_instructions_check_idx;
