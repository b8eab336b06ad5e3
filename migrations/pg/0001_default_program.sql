-- Program 1, the default program (as SQLite's 0007_default_program seeds it):
-- goals, matches and rounds default to it, and its empty settings fall back
-- to the workspace configuration.
INSERT INTO "programs" ("id", "name", "name_key", "purpose", "modes")
VALUES (1, 'Mentoring', 'mentoring', '', '["mentoring","peer","reverse"]');
--> statement-breakpoint
-- An explicit id does not advance the identity sequence: move it past 1 so the next program gets 2.
SELECT setval(pg_get_serial_sequence('programs', 'id'), (SELECT max("id") FROM "programs"));
