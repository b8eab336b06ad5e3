CREATE TABLE `availability` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "availability_weekday" CHECK("availability"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "availability_window" CHECK("availability"."start_minute" >= 0 AND "availability"."start_minute" < "availability"."end_minute" AND "availability"."end_minute" <= 1440)
);
--> statement-breakpoint
CREATE INDEX `availability_person_idx` ON `availability` (`person_id`);--> statement-breakpoint
CREATE TABLE `check_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`person_id` text,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`answer` text,
	`note` text,
	`answered_at` integer,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_ins_once` ON `check_ins` (`match_id`,`kind`,`due_at`);--> statement-breakpoint
CREATE TABLE `goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` text NOT NULL,
	`position` integer NOT NULL,
	`aim` text NOT NULL,
	`measure` text NOT NULL,
	`due_on` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `goals_person_position` ON `goals` (`person_id`,`position`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`slot` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_once` ON `job_runs` (`job`,`slot`);--> statement-breakpoint
CREATE TABLE `matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mentor_id` text NOT NULL,
	`mentee_id` text NOT NULL,
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
	FOREIGN KEY (`mentor_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentee_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "matches_not_self" CHECK("matches"."mentor_id" <> "matches"."mentee_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `matches_one_open_per_pair` ON `matches` (`mentor_id`,`mentee_id`) WHERE status IN ('requested', 'active', 'paused');--> statement-breakpoint
CREATE INDEX `matches_mentee_idx` ON `matches` (`mentee_id`);--> statement-breakpoint
CREATE INDEX `matches_status_idx` ON `matches` (`status`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`recipient` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`not_before` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_ts` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text,
	`display_name` text,
	`time_zone` text,
	`department` text,
	`level` integer,
	`manager_id` text,
	`location` text,
	`status` text DEFAULT 'active' NOT NULL,
	`paused_until` integer,
	`joined_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `people_email_idx` ON `people` (`email`);--> statement-breakpoint
CREATE INDEX `people_manager_idx` ON `people` (`manager_id`);--> statement-breakpoint
CREATE TABLE `person_skills` (
	`person_id` text NOT NULL,
	`skill_id` text NOT NULL,
	`direction` text NOT NULL,
	PRIMARY KEY(`person_id`, `skill_id`, `direction`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `profiles` (
	`person_id` text PRIMARY KEY NOT NULL,
	`roles` text NOT NULL,
	`format` text,
	`capacity_mentees` integer,
	`capacity_hours_per_month` integer,
	`work_start_minute` integer DEFAULT 540 NOT NULL,
	`work_end_minute` integer DEFAULT 1020 NOT NULL,
	`consented_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "profiles_capacity_range" CHECK("profiles"."capacity_mentees" IS NULL OR "profiles"."capacity_mentees" BETWEEN 1 AND 5),
	CONSTRAINT "profiles_work_hours" CHECK("profiles"."work_start_minute" < "profiles"."work_end_minute")
);
--> statement-breakpoint
CREATE TABLE `ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`rater_id` text,
	`happened` integer NOT NULL,
	`usefulness` integer,
	`clarity` integer,
	`applicability` integer,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rater_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "ratings_scale" CHECK(("ratings"."usefulness" IS NULL OR "ratings"."usefulness" BETWEEN 1 AND 5) AND ("ratings"."clarity" IS NULL OR "ratings"."clarity" BETWEEN 1 AND 5) AND ("ratings"."applicability" IS NULL OR "ratings"."applicability" BETWEEN 1 AND 5))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_once_per_rater` ON `ratings` (`session_id`,`rater_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_match_idx` ON `sessions` (`match_id`);--> statement-breakpoint
CREATE INDEX `sessions_starts_idx` ON `sessions` (`starts_at`);--> statement-breakpoint
CREATE TABLE `skills` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`cluster` text NOT NULL
);
