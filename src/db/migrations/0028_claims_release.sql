ALTER TABLE "claims" DROP CONSTRAINT "claims_status";--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "release_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "released_by_identity_id" uuid;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "return_comment" text;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "draft_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grant_members" ADD COLUMN "may_release_claims" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grant_profiles" ADD COLUMN "claims_need_release" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "claims_need_release" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_released_by_identity_id_identities_id_fk" FOREIGN KEY ("released_by_identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claims_drafts_untouched" ON "claims" USING btree ("updated_at") WHERE "claims"."status" = 'draft';--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_status" CHECK ("claims"."status" in ('draft', 'awaiting_release', 'submitted', 'in_progress', 'settled', 'refused', 'closed'));