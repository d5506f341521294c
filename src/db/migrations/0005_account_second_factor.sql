CREATE TABLE "recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identity_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_codes_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "second_factors" (
	"identity_id" uuid PRIMARY KEY NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"last_used_step" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_tokens" DROP CONSTRAINT "action_tokens_purpose";--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "session_idle_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "session_absolute_hours" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "require_staff_second_factor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "second_factors" ADD CONSTRAINT "second_factors_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_codes_identity" ON "recovery_codes" USING btree ("identity_id");--> statement-breakpoint
ALTER TABLE "action_tokens" ADD CONSTRAINT "action_tokens_purpose" CHECK ("action_tokens"."purpose" in ('invitation', 'email_confirmation', 'password_reset', 'login_ticket', 'host_handoff', 'second_factor_ticket', 'email_change'));--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_session_idle_range" CHECK ("tenants"."session_idle_minutes" between 5 and 120);--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_session_absolute_range" CHECK ("tenants"."session_absolute_hours" between 1 and 24);