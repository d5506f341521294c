ALTER TABLE "memberships" ADD COLUMN "invited_email_display" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "invited_name" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "invited_language" text;