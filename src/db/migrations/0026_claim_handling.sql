CREATE TABLE "claim_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"claim_id" uuid NOT NULL,
	"status" text NOT NULL,
	"previous_status" text,
	"note" text,
	"source" text NOT NULL,
	"actor_identity_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "claim_history_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "claim_history_source" CHECK ("claim_history"."source" in ('staff', 'crm'))
);
--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "assigned_identity_id" uuid;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "claim_history" ADD CONSTRAINT "claim_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_history" ADD CONSTRAINT "claim_history_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_history" ADD CONSTRAINT "claim_history_actor_identity_id_identities_id_fk" FOREIGN KEY ("actor_identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_history_claim" ON "claim_history" USING btree ("tenant_id","claim_id","created_at");--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_assigned_identity_id_identities_id_fk" FOREIGN KEY ("assigned_identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claims_assigned" ON "claims" USING btree ("tenant_id","assigned_identity_id");--> statement-breakpoint
CREATE INDEX "claims_updated" ON "claims" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "claims_reported" ON "claims" USING btree ("tenant_id",coalesce("submitted_at", "created_at") desc,"id" desc);--> statement-breakpoint
CREATE UNIQUE INDEX "claims_external_id" ON "claims" USING btree ("tenant_id","external_id");