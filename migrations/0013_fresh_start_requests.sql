DROP INDEX `matches_one_open_per_mentee_kind_program`;--> statement-breakpoint
-- drizzle-kit 0.31 drops the ON DELETE of a reference added by ALTER TABLE; the snapshot and schema.ts say SET NULL, so it is written here.
ALTER TABLE `matches` ADD `replaces_match_id` integer REFERENCES matches(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `matches` ADD `rematch_via` text;--> statement-breakpoint
CREATE UNIQUE INDEX `matches_one_fresh_start_per_match` ON `matches` (`replaces_match_id`) WHERE status = 'requested' AND replaces_match_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `matches_one_open_per_mentee_kind_program` ON `matches` (`program_id`,`mentee_id`,`kind`) WHERE status IN ('requested', 'active', 'paused') AND kind <> 'reverse' AND NOT (status = 'requested' AND replaces_match_id IS NOT NULL);