CREATE TABLE "contract_shares" (
	"contract_id" uuid NOT NULL,
	"grant_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_shares_contract_id_grant_id_pk" PRIMARY KEY("contract_id","grant_id")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"insurer_number" text NOT NULL,
	"line_of_business" text NOT NULL,
	"policy_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"insurer_name" text,
	"product_name" text,
	"status" text NOT NULL,
	"cancellation_reason" text,
	"cancelled_on" text,
	"start_date" text,
	"end_date" text,
	"main_due_date" text,
	"payment_frequency" text,
	"premium_net_cents" bigint,
	"premium_gross_cents" bigint,
	"risk_description" text,
	"vehicle_plate" text,
	"vehicle_hsn" text,
	"vehicle_tsn" text,
	"vehicle_vin" text,
	"no_claims_class" text,
	"sums_insured" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"case_handler" jsonb,
	"adviser" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_status" CHECK ("contracts"."status" in ('active', 'cancelled', 'dormant')),
	CONSTRAINT "contracts_line_of_business" CHECK ("contracts"."line_of_business" ~ '^[0-9]{3}$')
);
--> statement-breakpoint
CREATE TABLE "customer_intermediary_accounts" (
	"customer_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_number" text NOT NULL,
	CONSTRAINT "customer_intermediary_accounts_customer_id_account_number_pk" PRIMARY KEY("customer_id","account_number")
);
--> statement-breakpoint
CREATE TABLE "customer_reference_addresses" (
	"customer_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"street" text,
	"postcode" text,
	"city" text,
	"country" text,
	CONSTRAINT "customer_reference_addresses_customer_id_position_pk" PRIMARY KEY("customer_id","position")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"customer_number" text NOT NULL,
	"kind" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"company_name" text,
	"date_of_birth" date,
	"street" text,
	"postcode" text,
	"city" text,
	"country" text,
	"email_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"case_handler" jsonb,
	"adviser" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_kind" CHECK ("customers"."kind" in ('private', 'business'))
);
--> statement-breakpoint
ALTER TABLE "contract_shares" ADD CONSTRAINT "contract_shares_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_shares" ADD CONSTRAINT "contract_shares_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_shares" ADD CONSTRAINT "contract_shares_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_intermediary_accounts" ADD CONSTRAINT "customer_intermediary_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_intermediary_accounts" ADD CONSTRAINT "customer_intermediary_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_reference_addresses" ADD CONSTRAINT "customer_reference_addresses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_reference_addresses" ADD CONSTRAINT "customer_reference_addresses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_shares_grant" ON "contract_shares" USING btree ("tenant_id","grant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_tenant_key" ON "contracts" USING btree ("tenant_id","insurer_number","line_of_business","policy_number");--> statement-breakpoint
CREATE INDEX "contracts_customer" ON "contracts" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "customer_intermediary_accounts_account" ON "customer_intermediary_accounts" USING btree ("tenant_id","account_number");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_tenant_number" ON "customers" USING btree ("tenant_id","customer_number");