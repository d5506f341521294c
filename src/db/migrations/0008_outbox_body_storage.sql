-- Mail bodies live only until the mail is sent and are then cleared: compressing them costs time on
-- every insert (a bulk invitation writes a thousand at once) and saves nothing worth keeping.
ALTER TABLE "outbox" ALTER COLUMN "text_body" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "html_body" SET STORAGE EXTERNAL;
