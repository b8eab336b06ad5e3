CREATE TABLE `self_descriptions` (
	`person_id` text PRIMARY KEY NOT NULL,
	`consented_at` integer NOT NULL,
	`gender_identity` text,
	`ethnicity` text,
	`disability` text,
	`in_own_words` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `programs` ADD `fairness_target` integer;--> statement-breakpoint
ALTER TABLE `programs` ADD `demographics` text DEFAULT '[]' NOT NULL;