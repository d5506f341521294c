-- Readiness writes one row here, so a database that can read but not write (full disk, read-only
-- server) is reported as not ready. Imports count rows found invited already (a file run again).
CREATE TABLE "readiness_probe" (
	"id" integer PRIMARY KEY NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "already_invited" integer DEFAULT 0 NOT NULL;