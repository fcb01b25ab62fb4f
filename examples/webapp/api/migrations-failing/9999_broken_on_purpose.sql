-- Test fixture: a migration that fails half way. The table created by the
-- first statement must not survive (the file runs in one transaction) and
-- version 9999 must not be recorded in schema_migrations.
-- Use with MIGRATIONS_DIR=/app/migrations-failing.
create table migration_failure_probe (id int);
insert into table_that_does_not_exist (id) values (1);
