-- One-time tasks the service runs itself once it has the secret key (a
-- migration has no key): a task done is recorded so that later starts skip
-- it, instead of reading a whole table again at every start.
CREATE TABLE service_tasks (
    name    TEXT NOT NULL PRIMARY KEY,
    done_at TIMESTAMP NOT NULL
);
