-- Mark notes as done; list newest first quickly.
alter table notes add column done boolean not null default false;
create index notes_created_at_idx on notes (created_at desc);
