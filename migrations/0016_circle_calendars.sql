CREATE TABLE `circle_calendars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`rhythm` text NOT NULL,
	`sequence` integer NOT NULL,
	`covers_until` integer NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_calendars_once` ON `circle_calendars` (`circle_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `circle_calendars_person_idx` ON `circle_calendars` (`person_id`);