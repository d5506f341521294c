import type { InvitationService } from '../invitations/invitation-service.js';
import type { TenantService } from '../tenants/tenant-service.js';

export interface DemoSeed {
  tenantUrl: string;
  administratorEmail: string;
  policyholderEmail: string;
}

export const DEMO_TENANT = { slug: 'mustermakler', name: 'Mustermakler GmbH', primaryColor: '#0b5d7a' } as const;
export const DEMO_ADMINISTRATOR = { email: 'admin@mustermakler.example', name: 'Maria Makler' } as const;
export const DEMO_POLICYHOLDER = { email: 'max.mustermann@example.com', name: 'Max Mustermann' } as const;

/** On an empty database only: a demo broker, its first administrator and one policyholder, all invited. */
export async function seedDemoIfEmpty(deps: { tenants: TenantService; invitations: InvitationService; port: number }): Promise<DemoSeed | null> {
  if ((await deps.tenants.countTenants()) > 0) {
    return null;
  }
  const { tenant, url } = await deps.tenants.createTenant({
    slug: DEMO_TENANT.slug,
    name: DEMO_TENANT.name,
    primaryColor: DEMO_TENANT.primaryColor,
    hosts: [`${DEMO_TENANT.slug}.localhost:${deps.port}`],
  });
  await deps.invitations.invite({ tenantId: tenant.id, email: DEMO_ADMINISTRATOR.email, name: DEMO_ADMINISTRATOR.name, role: 'staff_admin' });
  await deps.invitations.invite({
    tenantId: tenant.id,
    email: DEMO_POLICYHOLDER.email,
    name: DEMO_POLICYHOLDER.name,
    role: 'policyholder',
    grantName: 'Familie Mustermann',
    customerNumbers: ['100234', '100235'],
  });
  return { tenantUrl: url, administratorEmail: DEMO_ADMINISTRATOR.email, policyholderEmail: DEMO_POLICYHOLDER.email };
}
