CREATE TABLE "gdv_import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_by" uuid,
	"status" text DEFAULT 'previewed' NOT NULL,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"preview" jsonb NOT NULL,
	"total_records" integer NOT NULL,
	"records_done" integer DEFAULT 0 NOT NULL,
	"items_done" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "gdv_import_jobs_status" CHECK ("gdv_import_jobs"."status" in ('previewed', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "gdv_import_jobs" ADD CONSTRAINT "gdv_import_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gdv_import_jobs" ADD CONSTRAINT "gdv_import_jobs_created_by_identities_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gdv_import_jobs_tenant" ON "gdv_import_jobs" USING btree ("tenant_id","created_at");