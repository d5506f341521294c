ALTER TABLE "conversations" ADD COLUMN "kind" text DEFAULT 'message' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "fields" jsonb;--> statement-breakpoint
CREATE INDEX "conversations_kind" ON "conversations" USING btree ("tenant_id","kind","last_activity_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_kind" CHECK ("conversations"."kind" in ('message', 'contract_add', 'data_change', 'portfolio_transfer'));--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_request_fields" CHECK (("conversations"."kind" = 'message') = ("conversations"."fields" is null));