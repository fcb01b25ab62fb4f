-- Test fixture: an edited copy of an applied migration. After the real
-- migrations ran, MIGRATIONS_DIR=/app/migrations-changed must make migrate
-- refuse (exit 3) because the checksum of version 0001 changed.
create table notes (
    id         bigserial primary key,
    body       text not null
);
