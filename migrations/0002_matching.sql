CREATE TABLE `match_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` text NOT NULL,
	`status` text NOT NULL,
	`proposal` text NOT NULL,
	`channel_id` text,
	`message_ts` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text
);
--> statement-breakpoint
ALTER TABLE `matches` ADD `decline_note` text;--> statement-breakpoint
CREATE UNIQUE INDEX `matches_one_open_per_mentee_kind` ON `matches` (`mentee_id`,`kind`) WHERE status IN ('requested', 'active', 'paused');