CREATE TABLE "grant_profile_delegations" (
	"profile_id" uuid NOT NULL,
	"delegated_profile_id" uuid NOT NULL,
	CONSTRAINT "grant_profile_delegations_profile_id_delegated_profile_id_pk" PRIMARY KEY("profile_id","delegated_profile_id")
);
--> statement-breakpoint
CREATE TABLE "grant_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"include_claims" boolean DEFAULT false NOT NULL,
	"include_reference_addresses" boolean DEFAULT false NOT NULL,
	"share_cases" boolean DEFAULT false NOT NULL,
	"share_contracts_automatically" boolean DEFAULT false NOT NULL,
	"restricted_lines_of_business" text[] DEFAULT '{}'::text[] NOT NULL,
	"document_profile" text,
	"separate_grant_per_invitee" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_by" uuid,
	"status" text DEFAULT 'previewed' NOT NULL,
	"file_name" text NOT NULL,
	"rows" jsonb NOT NULL,
	"total" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"invited" integer DEFAULT 0 NOT NULL,
	"activated" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_jobs_status" CHECK ("import_jobs"."status" in ('previewed', 'running', 'done'))
);
--> statement-breakpoint
CREATE TABLE "tenant_logos" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"data" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenant_logos_content_type" CHECK ("tenant_logos"."content_type" in ('image/png', 'image/svg+xml'))
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "actor_identity_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "detail" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "sender_name" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "logo_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grant_profile_delegations" ADD CONSTRAINT "grant_profile_delegations_profile_id_grant_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."grant_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_profile_delegations" ADD CONSTRAINT "grant_profile_delegations_delegated_profile_id_grant_profiles_id_fk" FOREIGN KEY ("delegated_profile_id") REFERENCES "public"."grant_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_profiles" ADD CONSTRAINT "grant_profiles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_identities_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_logos" ADD CONSTRAINT "tenant_logos_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grant_profiles_tenant_name" ON "grant_profiles" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "import_jobs_tenant" ON "import_jobs" USING btree ("tenant_id","created_at");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_identity_id_identities_id_fk" FOREIGN KEY ("actor_identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;