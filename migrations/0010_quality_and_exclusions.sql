CREATE TABLE `match_exclusions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` text NOT NULL,
	`excluded_id` text NOT NULL,
	`added_by` text NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `match_exclusions_once` ON `match_exclusions` (`person_id`,`excluded_id`,`added_by`);--> statement-breakpoint
CREATE INDEX `match_exclusions_excluded_idx` ON `match_exclusions` (`excluded_id`);--> statement-breakpoint
ALTER TABLE `profiles` ADD `busy_until` text;--> statement-breakpoint
ALTER TABLE `programs` ADD `min_fit` integer;