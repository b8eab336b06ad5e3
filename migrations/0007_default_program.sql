-- The first release ran one implicit program. It becomes program 1, whose
-- empty settings fall back to the workspace configuration (its channel, its
-- coordinators, its cadences), and every member's roles and capacity become
-- their enrollment in it. Goals, matches and rounds already default to it.
INSERT INTO `programs` (`id`, `name`, `name_key`, `purpose`, `modes`)
VALUES (1, 'Mentoring', 'mentoring', '', '["mentoring","peer","reverse"]');
--> statement-breakpoint
INSERT INTO `enrollments` (`program_id`, `person_id`, `status`, `roles`, `capacity_mentees`, `capacity_hours_per_month`, `applied_at`, `decided_at`, `joined_at`, `ended_at`)
SELECT 1, `profiles`.`person_id`,
       CASE WHEN `people`.`status` = 'left' THEN 'left' ELSE 'active' END,
       `profiles`.`roles`, `profiles`.`capacity_mentees`, `profiles`.`capacity_hours_per_month`,
       COALESCE(`people`.`joined_at`, `profiles`.`consented_at`),
       COALESCE(`people`.`joined_at`, `profiles`.`consented_at`),
       COALESCE(`people`.`joined_at`, `profiles`.`consented_at`),
       CASE WHEN `people`.`status` = 'left' THEN COALESCE(`people`.`updated_at`, `profiles`.`consented_at`) END
FROM `profiles` JOIN `people` ON `people`.`id` = `profiles`.`person_id`;
