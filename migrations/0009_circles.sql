CREATE TABLE `circle_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`person_id` text,
	`attended` integer NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `circle_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_attendance_once` ON `circle_attendance` (`session_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `circle_formations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`created_by` text NOT NULL,
	`status` text NOT NULL,
	`proposal` text NOT NULL,
	`channel_id` text,
	`message_ts` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `circle_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`status` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`asked_at` integer NOT NULL,
	`joined_at` integer,
	`left_at` integer,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_members_once` ON `circle_members` (`circle_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `circle_members_person_idx` ON `circle_members` (`person_id`,`status`);--> statement-breakpoint
CREATE TABLE `circle_ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`rater_id` text,
	`usefulness` integer NOT NULL,
	`clarity` integer NOT NULL,
	`applicability` integer NOT NULL,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `circle_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rater_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "circle_ratings_scale" CHECK("circle_ratings"."usefulness" BETWEEN 1 AND 5 AND "circle_ratings"."clarity" BETWEEN 1 AND 5 AND "circle_ratings"."applicability" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_ratings_once` ON `circle_ratings` (`session_id`,`rater_id`);--> statement-breakpoint
CREATE TABLE `circle_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`topic` text,
	`host_id` text,
	`status` text DEFAULT 'planned' NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_sessions_seq` ON `circle_sessions` (`circle_id`,`seq`);--> statement-breakpoint
CREATE INDEX `circle_sessions_starts_idx` ON `circle_sessions` (`starts_at`);--> statement-breakpoint
CREATE TABLE `circles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`topic` text NOT NULL,
	`intent` text DEFAULT '' NOT NULL,
	`style` text NOT NULL,
	`facilitator_id` text,
	`size_min` integer NOT NULL,
	`size_max` integer NOT NULL,
	`cadence` text NOT NULL,
	`session_minutes` integer NOT NULL,
	`slot_weekday` integer NOT NULL,
	`slot_minute` integer NOT NULL,
	`zone` text NOT NULL,
	`starts_on` text NOT NULL,
	`first_seq` integer DEFAULT 0 NOT NULL,
	`ends_on` text,
	`curriculum` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`channel_name` text NOT NULL,
	`channel_id` text,
	`channel_archived_at` integer,
	`formation_id` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "circles_size" CHECK("circles"."size_min" >= 3 AND "circles"."size_max" <= 8 AND "circles"."size_min" <= "circles"."size_max")
);
--> statement-breakpoint
CREATE INDEX `circles_program_idx` ON `circles` (`program_id`,`status`);--> statement-breakpoint
CREATE INDEX `circles_facilitator_idx` ON `circles` (`facilitator_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `circles_channel_name` ON `circles` (`channel_name`);--> statement-breakpoint
ALTER TABLE `programs` ADD `circle_settings` text;