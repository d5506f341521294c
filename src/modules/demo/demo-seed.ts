import { CLI_ORIGIN } from '../audit/audit-service.js';
import type { GrantService } from '../grants/grant-service.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { DocumentService } from '../documents/document-service.js';
import { DEMO_DOCUMENTS, DEMO_KEYWORDS, demoPdf } from './demo-documents.js';
import type { TenantContactInput } from '../tenants/tenant-contact.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { TenantSettingsService } from '../tenants/tenant-settings-service.js';
import { DEMO_PORTFOLIO_ITEMS } from './demo-portfolio.js';

export interface DemoSeed {
  tenantUrl: string;
  administratorEmail: string;
  policyholderEmail: string;
}

export const DEMO_TENANT = { slug: 'mustermakler', name: 'Mustermakler GmbH', primaryColor: '#0b5d7a' } as const;
/** The demo broker's contact and legal pages, at its example web site. */
export const DEMO_CONTACT: TenantContactInput = {
  imprintUrl: 'https://www.mustermakler.example/impressum',
  privacyUrl: 'https://www.mustermakler.example/datenschutz',
  contactPhone: '+49 221 98765-0',
  contactEmail: 'service@mustermakler.example',
  officeHours: 'Mo–Do 8:30–17 Uhr, Fr 8:30–14 Uhr',
  postalAddress: 'Domstraße 12\n50668 Köln',
};
export const DEMO_ADMINISTRATOR = { email: 'admin@mustermakler.example', name: 'Maria Makler' } as const;
export const DEMO_POLICYHOLDER = { email: 'max.mustermann@example.com', name: 'Max Mustermann' } as const;

/**
 * On an empty database only: a demo broker, its first administrator and one policyholder, all
 * invited, and the policyholder's portfolio with a few documents (see demo-portfolio.ts, demo-documents.ts).
 */
export async function seedDemoIfEmpty(deps: {
  tenants: TenantService;
  tenantSettings: TenantSettingsService;
  invitations: InvitationService;
  grants: GrantService;
  portfolio: PortfolioService;
  documents: DocumentService;
  port: number;
}): Promise<DemoSeed | null> {
  if ((await deps.tenants.countTenants()) > 0) {
    return null;
  }
  const { tenant, url } = await deps.tenants.createTenant({
    slug: DEMO_TENANT.slug,
    name: DEMO_TENANT.name,
    primaryColor: DEMO_TENANT.primaryColor,
    hosts: [`${DEMO_TENANT.slug}.localhost:${deps.port}`],
  });
  // Before the invitations, so their mails already close with the broker's contact.
  await deps.tenantSettings.updateContact(tenant.id, DEMO_CONTACT, { identityId: null, origin: CLI_ORIGIN });
  await deps.invitations.invite({
    tenantId: tenant.id,
    email: DEMO_ADMINISTRATOR.email,
    name: DEMO_ADMINISTRATOR.name,
    role: 'staff_admin',
  });
  const results = await deps.portfolio.upsertBatch(tenant.id, DEMO_PORTFOLIO_ITEMS, CLI_ORIGIN);
  const grant = await deps.grants.createGrant(tenant.id, {
    name: 'Familie Mustermann',
    kind: 'customer',
    customerNumbers: ['100234'],
    shareContractsAutomatically: true,
    includeReferenceAddresses: true,
    includeClaims: true,
  });
  const pension = results[results.length - 1];
  if (pension?.status === 'created' && pension.id !== undefined) {
    await deps.portfolio.shareContract(tenant.id, grant.id, pension.id, CLI_ORIGIN);
  }
  for (const { keyword, ...options } of DEMO_KEYWORDS) {
    await deps.documents.putKeyword(tenant.id, keyword, options);
  }
  for (const document of DEMO_DOCUMENTS) {
    await deps.documents.store(tenant.id, document.metadata, demoPdf(document.lines), 'application/pdf', {
      kind: 'system',
    });
  }
  await deps.invitations.invite({
    tenantId: tenant.id,
    email: DEMO_POLICYHOLDER.email,
    name: DEMO_POLICYHOLDER.name,
    role: 'policyholder',
    grantName: grant.name,
  });
  return { tenantUrl: url, administratorEmail: DEMO_ADMINISTRATOR.email, policyholderEmail: DEMO_POLICYHOLDER.email };
}
