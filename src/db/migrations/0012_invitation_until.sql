-- Until a person's first login in a tenant, their access there lasts as long as the tenant's invitation:
-- for a person who has a password already (from another broker) the login refuses a lapsed or revoked one.
ALTER TABLE "memberships" ADD COLUMN "invitation_until" timestamp with time zone;