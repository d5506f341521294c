CREATE TABLE "document_notifications" (
	"tenant_id" uuid NOT NULL,
	"identity_id" uuid NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"pending_since" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	CONSTRAINT "document_notifications_tenant_id_identity_id_pk" PRIMARY KEY("tenant_id","identity_id")
);
--> statement-breakpoint
ALTER TABLE "document_notifications" ADD CONSTRAINT "document_notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_notifications" ADD CONSTRAINT "document_notifications_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_notifications_pending" ON "document_notifications" USING btree ("last_sent_at") WHERE "document_notifications"."pending_count" > 0;