CREATE TABLE "claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contract_id" uuid,
	"reporter_identity_id" uuid,
	"grant_id" uuid,
	"route" text NOT NULL,
	"status" text NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"insurer_claim_number" text,
	"broker_claim_number" text,
	"submitted_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claims_status" CHECK ("claims"."status" in ('draft', 'submitted', 'in_progress', 'settled', 'refused', 'closed')),
	CONSTRAINT "claims_route" CHECK ("claims"."route" in ('HPV', 'KFZ', 'SACH', 'TECH', 'TRANS', 'DEFAULT'))
);
--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_reporter_identity_id_identities_id_fk" FOREIGN KEY ("reporter_identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claims_contract" ON "claims" USING btree ("tenant_id","contract_id");--> statement-breakpoint
CREATE INDEX "claims_reporter" ON "claims" USING btree ("tenant_id","reporter_identity_id","status");--> statement-breakpoint
CREATE INDEX "claims_status" ON "claims" USING btree ("tenant_id","status","submitted_at" DESC NULLS LAST);