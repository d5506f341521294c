ALTER TABLE "tenants" ADD COLUMN "imprint_url" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "privacy_url" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "office_hours" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "postal_address" text;