CREATE TABLE `person_pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` text NOT NULL,
	`paused_at` integer NOT NULL,
	`until` integer,
	`ended_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `person_pauses_person_idx` ON `person_pauses` (`person_id`);--> statement-breakpoint
-- Someone paused when this release arrives: their spell runs from when their row last changed, which is when the pause began or later, so it is never longer than they were away; a dated pause that ran out before that change has no spell.
INSERT INTO `person_pauses` (`person_id`, `paused_at`, `until`) SELECT `id`, CAST(coalesce(`updated_at`, `joined_at`, `created_at`) AS INTEGER), `paused_until` FROM `people` WHERE `status` = 'paused' AND (`paused_until` IS NULL OR `paused_until` > coalesce(`updated_at`, `joined_at`, `created_at`));
