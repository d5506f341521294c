CREATE TABLE "claim_sparte_routes" (
	"tenant_id" uuid NOT NULL,
	"sparte" text NOT NULL,
	"route" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claim_sparte_routes_tenant_id_sparte_pk" PRIMARY KEY("tenant_id","sparte"),
	CONSTRAINT "claim_sparte_routes_sparte" CHECK ("claim_sparte_routes"."sparte" ~ '^[0-9]{3}$'),
	CONSTRAINT "claim_sparte_routes_route" CHECK ("claim_sparte_routes"."route" in ('HPV', 'KFZ', 'SACH', 'TECH', 'TRANS', 'DEFAULT'))
);
--> statement-breakpoint
ALTER TABLE "claim_history" DROP CONSTRAINT "claim_history_source";--> statement-breakpoint
ALTER TABLE "grant_profiles" ADD COLUMN "claims_without_contract" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grant_profiles" ADD COLUMN "claims_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "claims_without_contract" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "claims_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "claim_sparte_routes" ADD CONSTRAINT "claim_sparte_routes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claims_customer" ON "claims" USING btree ("tenant_id","customer_id");--> statement-breakpoint
ALTER TABLE "claim_history" ADD CONSTRAINT "claim_history_source" CHECK ("claim_history"."source" in ('staff', 'crm', 'portal'));