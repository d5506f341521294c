ALTER TABLE "action_tokens" ADD COLUMN "link_opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "first_login_at" timestamp with time zone;