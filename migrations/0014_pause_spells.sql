CREATE TABLE `match_pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`paused_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `match_pauses_match_idx` ON `match_pauses` (`match_id`);