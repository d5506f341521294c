import { Hono } from 'hono';
import type { SignedInEnv, StaffEnv, TenantMemberEnv } from './context.js';
import { staffArea } from './middleware/staff-area.js';
import { auditRoutes } from './routes/audit-routes.js';
import { claimRoutes } from './routes/claim-routes.js';
import { colleagueArea, colleagueRoutes } from './routes/colleague-routes.js';
import { contractRoutes, customerRoutes as portalCustomerRoutes } from './routes/contract-routes.js';
import { consentRoutes, consentSettingsRoutes } from './routes/consent-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { requestRoutes } from './routes/request-routes.js';
import { customerRoutes } from './routes/customer-routes.js';
import { documentRoutes } from './routes/document-routes.js';
import { gdvImportRoutes } from './routes/gdv-import-routes.js';
import { grantAdminRoutes } from './routes/grant-admin-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { integrationRoutes } from './routes/integration-routes.js';
import { peopleRoutes } from './routes/people-routes.js';
import { profileAdminRoutes } from './routes/profile-admin-routes.js';
import { accountArea, profileRoutes } from './routes/profile-routes.js';
import { memberFactorRoutes, secondFactorRoutes } from './routes/second-factor-routes.js';
import { keywordSettingsRoutes } from './routes/keyword-settings-routes.js';
import { claimRouteSettingsRoutes } from './routes/claim-route-settings-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';
import { staffClaimRoutes } from './routes/staff-claim-routes.js';
import { staffConversationRoutes } from './routes/staff-conversation-routes.js';
import { viewAsRoutes } from './routes/view-as-routes.js';
import type { SessionCookies } from './session-cookie.js';
import type { Services } from '../services.js';

/*
 * The guarded areas of the pages. Each is a sub-app mounted once under its own path, and its first
 * middleware is its guard: no route added to an area can run without the guard, whatever the order of
 * the lines. The route files' paths are relative to the area's mount point.
 */

/** The workspace, mounted under /admin: the broker's staff only (see staff-area.ts). */
export function workspaceApp(services: Services): Hono<StaffEnv> {
  const workspace = new Hono<StaffEnv>();
  workspace.use('*', staffArea(services));
  workspace.route('/', peopleRoutes(services));
  workspace.route('/', memberFactorRoutes(services));
  workspace.route('/', settingsRoutes(services));
  workspace.route('/', keywordSettingsRoutes(services));
  workspace.route('/', consentSettingsRoutes(services));
  workspace.route('/', claimRouteSettingsRoutes(services));
  workspace.route('/', auditRoutes(services));
  // Before the CSV import: its /import/:jobId would take /import/gdv.
  workspace.route('/', gdvImportRoutes(services));
  workspace.route('/', importRoutes(services));
  workspace.route('/', profileAdminRoutes(services));
  workspace.route('/', integrationRoutes(services));
  workspace.route('/', grantAdminRoutes(services));
  workspace.route('/', viewAsRoutes(services));
  workspace.route('/', customerRoutes(services));
  workspace.route('/', staffClaimRoutes(services));
  workspace.route('/', staffConversationRoutes(services));
  return workspace;
}

/** Mein Zugang, mounted under /profile: any logged-in person, on the platform host too. */
export function accountApp(services: Services, cookies: SessionCookies): Hono<SignedInEnv> {
  const account = new Hono<SignedInEnv>();
  account.use('*', accountArea());
  account.route('/', profileRoutes(services, cookies));
  account.route('/', secondFactorRoutes(services));
  return account;
}

/** A person's colleagues, mounted under /colleagues: logged in, on the broker's own host. */
export function colleaguesApp(services: Services): Hono<TenantMemberEnv> {
  const colleagues = new Hono<TenantMemberEnv>();
  colleagues.use('*', colleagueArea());
  colleagues.route('/', colleagueRoutes(services));
  return colleagues;
}

/** The contracts a person sees, mounted under /vertraege: logged in, on the broker's own host. */
export function contractsApp(services: Services): Hono<TenantMemberEnv> {
  const contracts = new Hono<TenantMemberEnv>();
  contracts.use('*', colleagueArea());
  contracts.route('/', contractRoutes(services));
  return contracts;
}

/** An intermediary's customers, mounted under /kunden: logged in, on the broker's own host. */
export function customersApp(services: Services): Hono<TenantMemberEnv> {
  const customers = new Hono<TenantMemberEnv>();
  customers.use('*', colleagueArea());
  customers.route('/', portalCustomerRoutes(services));
  return customers;
}

/** The documents a person sees and their files, mounted under /dokumente: logged in, on the broker's own host. */
export function documentsApp(services: Services): Hono<TenantMemberEnv> {
  const documents = new Hono<TenantMemberEnv>();
  documents.use('*', colleagueArea());
  documents.route('/', documentRoutes(services));
  return documents;
}

/** Reporting claims and "Meine Schäden", mounted under /schaeden: logged in, on the broker's own host. */
export function claimsApp(services: Services): Hono<TenantMemberEnv> {
  const claims = new Hono<TenantMemberEnv>();
  claims.use('*', colleagueArea());
  claims.route('/', claimRoutes(services));
  return claims;
}

/** The person's conversations with the broker, mounted under /nachrichten: logged in, on the broker's own host. */
export function conversationsApp(services: Services): Hono<TenantMemberEnv> {
  const conversations = new Hono<TenantMemberEnv>();
  conversations.use('*', colleagueArea());
  conversations.route('/', conversationRoutes(services));
  return conversations;
}

/** Service requests (Anliegen), mounted under /anliegen: logged in, on the broker's own host. */
export function requestsApp(services: Services): Hono<TenantMemberEnv> {
  const requests = new Hono<TenantMemberEnv>();
  requests.use('*', colleagueArea());
  requests.route('/', requestRoutes(services));
  return requests;
}

/** The Erstinformation and consents a person answers before the portal, mounted under /einwilligung. */
export function consentApp(services: Services): Hono<TenantMemberEnv> {
  const consent = new Hono<TenantMemberEnv>();
  consent.use('*', colleagueArea());
  consent.route('/', consentRoutes(services));
  return consent;
}
