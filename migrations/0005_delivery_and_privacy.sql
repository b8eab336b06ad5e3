CREATE TABLE `action_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text NOT NULL,
	`intent` text NOT NULL,
	`target` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`outcome` text
);
--> statement-breakpoint
CREATE INDEX `action_claims_lookup_idx` ON `action_claims` (`actor_id`,`intent`,`target`,`claimed_at`);--> statement-breakpoint
CREATE TABLE `outbox_subjects` (
	`outbox_id` integer NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`outbox_id`, `person_id`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_subjects_person_idx` ON `outbox_subjects` (`person_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `failing_since` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `uncertain` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_token` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `file_id` text;--> statement-breakpoint
ALTER TABLE `session_proposals` ADD `session_id` integer;