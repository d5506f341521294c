CREATE TABLE "content_versions" (
	"tenant_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "content_versions_tenant_id_scope_pk" PRIMARY KEY("tenant_id","scope")
);
--> statement-breakpoint
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE FUNCTION "content_version_row_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_tenant uuid;
  marker text;
  raised text;
BEGIN
  -- TG_ARGV[0]: the scope; TG_ARGV[1] = 'profile': the row names its tenant through its grant profile.
  IF TG_ARGV[1] = 'profile' THEN
    IF TG_OP = 'DELETE' THEN
      SELECT p."tenant_id" INTO changed_tenant FROM "grant_profiles" p WHERE p."id" = OLD."profile_id";
    ELSE
      SELECT p."tenant_id" INTO changed_tenant FROM "grant_profiles" p WHERE p."id" = NEW."profile_id";
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    changed_tenant := OLD."tenant_id";
  ELSE
    changed_tenant := NEW."tenant_id";
  END IF;
  IF changed_tenant IS NULL THEN
    RETURN NULL;
  END IF;
  -- Once per transaction, tenant and scope: the rows after the first find their mark.
  marker := TG_ARGV[0] || ':' || changed_tenant::text || ';';
  raised := coalesce(current_setting('portico.raised_content_versions', true), '');
  IF strpos(raised, marker) > 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO "content_versions" AS v ("tenant_id", "scope", "version")
    SELECT changed_tenant, TG_ARGV[0], 1 WHERE EXISTS (SELECT 1 FROM "tenants" t WHERE t."id" = changed_tenant)
    ON CONFLICT ("tenant_id", "scope") DO UPDATE SET "version" = v."version" + 1;
  PERFORM set_config('portico.raised_content_versions', raised || marker, true);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  changed_table text;
BEGIN
  FOREACH changed_table IN ARRAY ARRAY['contracts', 'customers', 'contract_shares', 'customer_intermediary_accounts',
      'customer_reference_addresses', 'grants', 'grant_members', 'grant_customers', 'memberships', 'grant_profiles']
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
        'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "content_version_row_changed"(''portfolio'')',
        changed_table || '_portfolio_version', changed_table);
  END LOOP;
  FOREACH changed_table IN ARRAY ARRAY['documents', 'document_reads', 'tenant_keywords']
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
        'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "content_version_row_changed"(''documents'')',
        changed_table || '_documents_version', changed_table);
  END LOOP;
  FOREACH changed_table IN ARRAY ARRAY['conversations', 'conversation_messages', 'conversation_reads',
      'conversation_attachments']
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
        'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "content_version_row_changed"(''conversations'')',
        changed_table || '_conversations_version', changed_table);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "grant_profile_delegations_portfolio_version" AFTER INSERT OR UPDATE OR DELETE
  ON "grant_profile_delegations" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION "content_version_row_changed"('portfolio', 'profile');
