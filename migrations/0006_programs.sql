CREATE TABLE `enrollments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`person_id` text NOT NULL,
	`status` text NOT NULL,
	`roles` text NOT NULL,
	`capacity_mentees` integer,
	`capacity_hours_per_month` integer,
	`applied_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`decision_note` text,
	`joined_at` integer,
	`ended_at` integer,
	`pulse` text,
	`closing_rating` integer,
	`closing_comment` text,
	`closing_answered_at` integer,
	`mentor_next_cohort` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "enrollments_capacity_range" CHECK("enrollments"."capacity_mentees" IS NULL OR "enrollments"."capacity_mentees" BETWEEN 1 AND 5),
	CONSTRAINT "enrollments_closing_rating" CHECK("enrollments"."closing_rating" IS NULL OR "enrollments"."closing_rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollments_once` ON `enrollments` (`program_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `enrollments_person_idx` ON `enrollments` (`person_id`);--> statement-breakpoint
CREATE TABLE `program_coordinators` (
	`program_id` integer NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`program_id`, `person_id`),
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `program_coordinators_person_idx` ON `program_coordinators` (`person_id`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`modes` text NOT NULL,
	`tracks` text DEFAULT '[]' NOT NULL,
	`enrollment` text DEFAULT 'open' NOT NULL,
	`eligibility` text DEFAULT '{}' NOT NULL,
	`channel_id` text,
	`time_zone` text,
	`cadence` text DEFAULT '{}' NOT NULL,
	`seats` integer,
	`max_mentees_per_mentor` integer,
	`max_hours_per_month` integer,
	`matching_mode` text DEFAULT 'self_serve' NOT NULL,
	`auto_round` text,
	`starts_on` text,
	`ends_on` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	`closed_at` integer,
	CONSTRAINT "programs_dates" CHECK(("programs"."starts_on" IS NULL) = ("programs"."ends_on" IS NULL) AND ("programs"."starts_on" IS NULL OR "programs"."starts_on" < "programs"."ends_on"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programs_name_key` ON `programs` (`name_key`);--> statement-breakpoint
CREATE TABLE `self_ratings` (
	`enrollment_id` integer NOT NULL,
	`track` text NOT NULL,
	`phase` text NOT NULL,
	`level` integer NOT NULL,
	`rated_at` integer NOT NULL,
	PRIMARY KEY(`enrollment_id`, `track`, `phase`),
	FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "self_ratings_scale" CHECK("self_ratings"."level" BETWEEN 1 AND 5)
);
--> statement-breakpoint
DROP INDEX `goals_person_position`;--> statement-breakpoint
ALTER TABLE `goals` ADD `program_id` integer DEFAULT 1 NOT NULL REFERENCES programs(id);--> statement-breakpoint
ALTER TABLE `goals` ADD `outcome` text;--> statement-breakpoint
CREATE UNIQUE INDEX `goals_person_program_position` ON `goals` (`person_id`,`program_id`,`position`);--> statement-breakpoint
DROP INDEX `matches_one_open_per_mentee_kind`;--> statement-breakpoint
ALTER TABLE `matches` ADD `program_id` integer DEFAULT 1 NOT NULL REFERENCES programs(id);--> statement-breakpoint
ALTER TABLE `matches` ADD `mentor_continues` integer;--> statement-breakpoint
ALTER TABLE `matches` ADD `mentee_continues` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `matches_one_open_per_mentee_kind_program` ON `matches` (`program_id`,`mentee_id`,`kind`) WHERE status IN ('requested', 'active', 'paused') AND kind <> 'reverse';--> statement-breakpoint
CREATE INDEX `matches_program_idx` ON `matches` (`program_id`);--> statement-breakpoint
ALTER TABLE `match_rounds` ADD `program_id` integer DEFAULT 1 NOT NULL REFERENCES programs(id);--> statement-breakpoint
ALTER TABLE `match_rounds` ADD `publish_at` integer;