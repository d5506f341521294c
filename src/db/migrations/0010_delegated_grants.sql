-- Grants remember the profile applied to them (its delegations decide whom holders may invite) and,
-- when a holder created them in the portal, who did and from which grant. A delegated grant is
-- deleted with the grant it came from; the service ends its members' access in that transaction.
ALTER TABLE "grants" ADD COLUMN "profile_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "delegated_by_identity_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "delegated_from_grant_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_profile_id_grant_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."grant_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_delegated_by_identity_id_identities_id_fk" FOREIGN KEY ("delegated_by_identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_delegated_from_grant_id_grants_id_fk" FOREIGN KEY ("delegated_from_grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grants_delegated_from" ON "grants" USING btree ("delegated_from_grant_id");--> statement-breakpoint
CREATE INDEX "grants_delegated_by" ON "grants" USING btree ("tenant_id","delegated_by_identity_id");