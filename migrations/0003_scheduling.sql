CREATE TABLE `session_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`proposed_by` text,
	`proposed_to` text,
	`reason` text NOT NULL,
	`slots` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_proposals_match_idx` ON `session_proposals` (`match_id`);--> statement-breakpoint
ALTER TABLE `check_ins` ADD `sent_at` integer;--> statement-breakpoint
ALTER TABLE `matches` ADD `resumed_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `working_hours_only` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `channel_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `proposal_id` integer REFERENCES session_proposals(id);--> statement-breakpoint
ALTER TABLE `sessions` ADD `sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_one_per_proposal` ON `sessions` (`proposal_id`);