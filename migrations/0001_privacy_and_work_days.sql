PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mentor_id` text,
	`mentee_id` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`round_id` integer,
	`score` real,
	`reasons` text,
	`conversation_id` text,
	`requested_at` integer NOT NULL,
	`decided_at` integer,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`mentor_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`mentee_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "matches_not_self" CHECK("__new_matches"."mentor_id" <> "__new_matches"."mentee_id")
);
--> statement-breakpoint
INSERT INTO `__new_matches`("id", "mentor_id", "mentee_id", "kind", "status", "source", "round_id", "score", "reasons", "conversation_id", "requested_at", "decided_at", "ended_at", "end_reason") SELECT "id", "mentor_id", "mentee_id", "kind", "status", "source", "round_id", "score", "reasons", "conversation_id", "requested_at", "decided_at", "ended_at", "end_reason" FROM `matches`;--> statement-breakpoint
DROP TABLE `matches`;--> statement-breakpoint
ALTER TABLE `__new_matches` RENAME TO `matches`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `matches_one_open_per_pair` ON `matches` (`mentor_id`,`mentee_id`) WHERE status IN ('requested', 'active', 'paused');--> statement-breakpoint
CREATE INDEX `matches_mentee_idx` ON `matches` (`mentee_id`);--> statement-breakpoint
CREATE INDEX `matches_status_idx` ON `matches` (`status`);--> statement-breakpoint
ALTER TABLE `people` ADD `roster_imported_at` integer;--> statement-breakpoint
ALTER TABLE `profiles` ADD `work_days` text DEFAULT '[1,2,3,4,5]' NOT NULL;