CREATE TABLE "staff_message_notifications" (
	"tenant_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"identity_id" uuid,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"conversation_id" uuid,
	"pending_since" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	CONSTRAINT "staff_message_notifications_tenant_id_recipient_pk" PRIMARY KEY("tenant_id","recipient")
);
--> statement-breakpoint
DROP INDEX "document_notifications_pending";--> statement-breakpoint
ALTER TABLE "document_notifications" ADD COLUMN "pending_message_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_message_notifications" ADD CONSTRAINT "staff_message_notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_message_notifications" ADD CONSTRAINT "staff_message_notifications_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_message_notifications_pending" ON "staff_message_notifications" USING btree ("last_sent_at") WHERE "staff_message_notifications"."pending_count" > 0;--> statement-breakpoint
CREATE INDEX "document_notifications_pending" ON "document_notifications" USING btree ("last_sent_at") WHERE "document_notifications"."pending_count" + "document_notifications"."pending_message_count" > 0;