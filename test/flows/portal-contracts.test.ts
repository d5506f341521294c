import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import type { GrantInput } from '../../src/modules/grants/grant-service.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const ADVISER = { name: 'Bernd Berater', phone: '+49 431 555-10', email: 'berater@acme.example' };

const customer = (customerNumber: string, lastName: string, intermediaryAccounts: string[] = []) => ({
  type: 'customer',
  action: 'upsert',
  customer: {
    customerNumber,
    kind: 'private',
    firstName: 'Kundin',
    lastName,
    address: { street: 'Hafenstraße 1', postcode: '24103', city: 'Kiel', country: 'DE' },
    intermediaryAccounts,
    adviser: ADVISER,
    referenceAddresses: [{ label: 'Lager', street: 'Kaistraße 7', postcode: '24103', city: 'Kiel', country: 'DE' }],
  },
});

const contract = (policyNumber: string, customerNumber: string, sparte: string, extra: Record<string, unknown>) => ({
  type: 'contract',
  action: 'upsert',
  contract: {
    insurerNumber: '5311',
    insurerName: 'Nord Versicherung AG',
    sparte,
    policyNumber,
    customerNumber,
    ...extra,
  },
});

/** K1 sees: 189 € + 200 € + 148,08 € + 493,80 € = 1.030,88 € a year of active contracts. */
const PORTFOLIO = [
  customer('K1', 'Eins', ['V1']),
  customer('K2', 'Zwei', ['V1']),
  customer('K3', 'Drei'),
  contract('P1', 'K1', '130', {
    productName: 'Hausrat Komfort',
    status: 'active',
    startDate: '2027-03',
    endDate: '2030-12-31',
    mainDueDate: '2027',
    paymentFrequency: 'yearly',
    premiumNetCents: 15_882,
    premiumGrossCents: 18_900,
    sumsInsured: [{ label: 'Versicherungssumme', cents: 6_500_000 }],
  }),
  contract('P2', 'K1', '070', {
    productName: 'Rechtsschutz Privat',
    status: 'active',
    paymentFrequency: 'half_yearly',
    premiumGrossCents: 10_000,
  }),
  contract('P3', 'K1', '999', {
    productName: 'Sondertarif',
    status: 'active',
    paymentFrequency: 'monthly',
    premiumGrossCents: 1_234,
  }),
  contract('P4', 'K1', '051', {
    productName: 'Kfz-Haftpflicht',
    status: 'active',
    paymentFrequency: 'quarterly',
    premiumGrossCents: 12_345,
    risk: {
      description: 'VW Golf',
      vehicle: { plate: 'KI-AB 123', hsn: '0603', tsn: 'BQT', vin: 'WVWZZZ1KZAW000001', noClaimsClass: 'SF 5' },
    },
    caseHandler: { name: 'Sabine Sachbearbeiterin', phone: null, email: 'vertrag@acme.example' },
  }),
  contract('P5', 'K1', '010', {
    productName: 'Risikoleben',
    status: 'cancelled',
    cancellation: { reason: 'Kündigung durch den Versicherungsnehmer', date: '2026-12-31' },
    paymentFrequency: 'yearly',
    premiumGrossCents: 21_000,
  }),
  contract('P6', 'K2', '130', { productName: 'Hausrat Basis', status: 'active', premiumGrossCents: 9_900 }),
  contract('P7', 'K3', '140', {
    productName: 'Wohngebäude Plus',
    status: 'active',
    paymentFrequency: 'yearly',
    premiumGrossCents: 30_000,
  }),
];

describe(`the customer's contracts in the portal (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  const ids = new Map<string, string>();
  let betaP1: string;

  async function upsert(tenantId: string, items: unknown[]): Promise<string[]> {
    const results = await portal.services.portfolio.upsertBatch(tenantId, items, CLI_ORIGIN);
    return results.map((result) => ('id' in result ? (result.id ?? '') : ''));
  }

  /** A person on a new grant of acme who has set a password and logged in. */
  async function personOn(
    email: string,
    grant: GrantInput,
  ): Promise<{ client: Client; grantId: string; identityId: string }> {
    const created = await portal.services.grants.createGrant(acme.id, grant);
    const role = grant.kind === 'customer' ? 'policyholder' : 'intermediary';
    const outcome = await portal.services.invitations.invite({
      tenantId: acme.id,
      email,
      name: `Person ${email.split('@')[0]}`,
      role,
      grantName: grant.name,
    });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
    const setter = createClient(portal.app, acme.origin);
    await setter.get(link.pathname + link.search);
    const answer = await setter.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: ACCOUNT_PASSWORD,
      passwordConfirm: ACCOUNT_PASSWORD,
    });
    expect(answer.body).toContain('Passwort gespeichert');
    return { client: await logIn(portal, acme.origin, email), grantId: created.id, identityId: outcome.identityId };
  }

  /** A policyholder of their own on a grant of customer K1 with every contract shared. */
  const policyholderOfK1 = (email: string) =>
    personOn(email, {
      name: `K1 für ${email}`,
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
    });

  const navOf = (body: string) => /<nav class="portal-nav portal-nav-wide"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await portal.services.tenantSettings.updateContact(
      acme.id,
      {
        imprintUrl: '',
        privacyUrl: '',
        contactPhone: '+49 431 555-0',
        contactEmail: 'service@acme.example',
        officeHours: 'Mo–Fr 9–17 Uhr',
        postalAddress: '',
      },
      { identityId: null, origin: CLI_ORIGIN },
    );
    const acmeIds = await upsert(acme.id, PORTFOLIO);
    PORTFOLIO.forEach((item, index) => {
      if (item.type === 'contract')
        ids.set((item as { contract: { policyNumber: string } }).contract.policyNumber, required(acmeIds[index]));
    });
    betaP1 = required((await upsert(beta.id, [customer('K1', 'Beta'), required(PORTFOLIO[3])]))[1]);
  });
  afterAll(() => portal.close());

  it('shows a policyholder their cover by Sparte with yearly and monthly totals, their adviser and the contracts', async () => {
    const { client } = await policyholderOfK1('anna@example.com');
    const home = await client.get('/');
    expect(home.status).toBe(200);
    const text = textOf(home.body);
    expect(text).toContain('Aktuelle Absicherungen');
    expect(text).toContain('Beiträge im Jahr (brutto) 1.030,88 €');
    expect(text).toContain('Beiträge im Monat (brutto) 85,91 €');
    expect(text).toContain('Verbundene Hausrat 189,00 € im Jahr');
    expect(text).toContain('Kfz-Haftpflicht 493,80 € im Jahr');
    expect(text).toContain('123,45 € vierteljährlich');
    expect(text).toContain('Ihr Betreuer Bernd Berater Telefon +49 431 555-10 E-Mail berater@acme.example');
    expect(text).toContain('Bürozeiten: Mo–Fr 9–17 Uhr');
    expect(text).not.toContain('Risikoleben');
    expect(navOf(home.body)).toContain('href="/vertraege"');
    expect(navOf(home.body)).not.toContain('href="/kunden"');

    const list = await client.get('/vertraege');
    expect(list.status).toBe(200);
    const products = [...list.body.matchAll(/<a href="\/vertraege\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(products).toEqual([
      'Kfz-Haftpflicht',
      'Rechtsschutz Privat',
      'Sondertarif',
      'Hausrat Komfort',
      'Risikoleben',
    ]);
    const cancelled = await client.get('/vertraege?status=cancelled');
    expect(textOf(cancelled.body)).toContain('Ein Vertrag');
    expect(cancelled.body).toContain('Risikoleben');
    expect(cancelled.body).not.toContain('Hausrat Komfort');
    const hausrat = await client.get('/vertraege?sparte=130&status=unsinn&seite=x');
    expect(hausrat.status).toBe(200);
    expect(hausrat.body).toContain('Hausrat Komfort');
    expect(hausrat.body).not.toContain('Sondertarif');
    expect(await client.get('/kunden')).toMatchObject({ status: 404 });
  });

  it('shows the overview and a contract in English, amounts and dates as English readers write them', async () => {
    const { client } = await policyholderOfK1('anna.englisch@example.com');
    await client.get('/');
    await client.post('/language', { language: 'en', returnTo: '/' });
    const home = textOf((await client.get('/')).body);
    expect(home).toContain('Current cover');
    expect(home).toContain('Premiums per year (gross) €1,030.88');
    expect(home).toContain('€123.45 quarterly');
    const detail = textOf((await client.get(`/vertraege/${ids.get('P1')}`)).body);
    expect(detail).toContain('Start 03/2027');
    expect(detail).toContain('End 31/12/2030');
    expect(detail).toContain('Line of business Household contents (130)');
    expect(detail).not.toContain('Verbundene Hausrat');
  });

  it('names the Sparten in the page language on the overview, the list and its filter; the codes stay', async () => {
    const client = await logIn(portal, acme.origin, 'anna@example.com');
    const germanList = await client.get('/vertraege');
    expect(germanList.body).toContain('<option value="130">Verbundene Hausrat</option>');
    expect(textOf(germanList.body)).toContain('Sparte 999 · Nord Versicherung AG');
    await client.post('/language', { language: 'en', returnTo: '/' });
    const home = textOf((await client.get('/')).body);
    expect(home).toContain('Household contents €189.00 a year');
    expect(home).toContain('Motor liability €493.80 a year');
    expect(home).not.toContain('Verbundene Hausrat');
    const list = await client.get('/vertraege');
    expect(list.body).toContain('<option value="130">Household contents</option>');
    expect(list.body).toContain('<option value="051">Motor liability</option>');
    const text = textOf(list.body);
    expect(text).toContain('Household contents · Nord Versicherung AG');
    expect(text).toContain('Line of business 999 · Nord Versicherung AG');
    expect(text).not.toContain('Verbundene Hausrat');
    const filtered = await client.get('/vertraege?sparte=130');
    expect(filtered.body).toContain('Hausrat Komfort');
    expect(filtered.body).not.toContain('Sondertarif');
  });

  it('shows every field of a contract, partial dates as far as known and unknown Sparten as such', async () => {
    const { client } = await policyholderOfK1('anna.details@example.com');
    const hausrat = textOf((await client.get(`/vertraege/${ids.get('P1')}`)).body);
    expect(hausrat).toContain('Versicherer Nord Versicherung AG');
    expect(hausrat).toContain('Sparte Verbundene Hausrat (130)');
    expect(hausrat).toContain('Beginn 03/2027');
    expect(hausrat).toContain('Ablauf 31.12.2030');
    expect(hausrat).toContain('Hauptfälligkeit 2027');
    expect(hausrat).toContain('Beitrag netto 158,82 €');
    expect(hausrat).toContain('Beitrag brutto 189,00 €');
    expect(hausrat).toContain('Versicherungssumme 65.000,00 €');
    expect(hausrat).not.toContain('Risikoorte');
    expect(hausrat).not.toContain('Kaistraße');
    const car = textOf((await client.get(`/vertraege/${ids.get('P4')}`)).body);
    for (const fact of ['Kennzeichen KI-AB 123', 'HSN 0603', 'TSN BQT', 'WVWZZZ1KZAW000001', 'SF-Klasse SF 5']) {
      expect(car).toContain(fact);
    }
    expect(car).toContain('Sachbearbeitung Sabine Sachbearbeiterin');
    const unknown = textOf((await client.get(`/vertraege/${ids.get('P3')}`)).body);
    expect(unknown).toContain('Sparte 999 (nicht im GDV-Verzeichnis)');
    const cancelled = textOf((await client.get(`/vertraege/${ids.get('P5')}`)).body);
    expect(cancelled).toContain('Status Storniert');
    expect(cancelled).toContain('Kündigungsgrund Kündigung durch den Versicherungsnehmer');
    expect(cancelled).toContain('Storniert zum 31.12.2026');
  });

  it("answers 404 for another tenant's, another grant's and made-up contract ids", async () => {
    const { client } = await policyholderOfK1('anna.fremd@example.com');
    for (const path of [
      `/vertraege/${betaP1}`,
      `/vertraege/${ids.get('P6')}`,
      `/vertraege/${ids.get('P7')}`,
      '/vertraege/00000000-0000-4000-8000-000000000000',
      '/vertraege/kein-vertrag',
    ]) {
      const answer = await client.get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('Wohngebäude Plus');
    }
    const anonymous = createClient(portal.app, acme.origin);
    for (const path of ['/vertraege', `/vertraege/${ids.get('P1')}`, '/kunden']) {
      expect((await anonymous.get(path)).location, path).toBe('/login');
    }
    const platform = await logIn(portal, PLATFORM_ORIGIN, 'anna.fremd@example.com');
    const onPlatform = await platform.get(`/vertraege/${ids.get('P1')}`);
    expect([303, 404]).toContain(onPlatform.status);
    expect(onPlatform.body).not.toContain('Hausrat Komfort');
  });

  it("limits a grant to its Sparten and shows another customer's contract shared into it by hand", async () => {
    const { client, grantId } = await personOn('hanna@example.com', {
      name: 'Nur Hausrat',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
      restrictedLinesOfBusiness: ['Hausrat', 'Wohngebäude'],
    });
    const list = await client.get('/vertraege');
    expect(list.body).toContain('Hausrat Komfort');
    expect(list.body).not.toContain('Rechtsschutz Privat');
    expect((await client.get(`/vertraege/${ids.get('P2')}`)).status).toBe(404);
    expect((await client.get(`/vertraege/${ids.get('P7')}`)).status).toBe(404);

    await portal.services.portfolio.shareContract(acme.id, grantId, required(ids.get('P7')), CLI_ORIGIN);
    const shared = await client.get(`/vertraege/${ids.get('P7')}`);
    expect(shared.status).toBe(200);
    expect(textOf(shared.body)).toContain('Kunde Kundin Drei (K3)');
    const both = await client.get('/vertraege');
    expect(both.body).toContain('id="filter-customer"');
    expect(textOf((await client.get('/vertraege?kunde=K3')).body)).toContain('Verträge von Kundin Drei');
    expect(textOf((await client.get('/')).body)).toContain('Beiträge im Jahr (brutto) 489,00 €');

    await portal.services.portfolio.unshareContract(acme.id, grantId, required(ids.get('P7')), CLI_ORIGIN);
    expect((await client.get(`/vertraege/${ids.get('P7')}`)).status).toBe(404);
  });

  it('shows reference addresses only through a grant that allows them', async () => {
    const { client } = await personOn('rita@example.com', {
      name: 'Mit Orten',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
      includeReferenceAddresses: true,
    });
    const detail = textOf((await client.get(`/vertraege/${ids.get('P1')}`)).body);
    expect(detail).toContain('Risikoorte');
    expect(detail).toContain('Lager Kaistraße 7, 24103 Kiel');
  });

  it("lets an intermediary find their accounts' customers and open a customer's contracts", async () => {
    const { client } = await personOn('vera@example.com', {
      name: 'Vermittlerin V1',
      kind: 'intermediary',
      customerNumbers: ['V1'],
      shareContractsAutomatically: true,
    });
    const home = await client.get('/');
    expect(navOf(home.body)).toContain('href="/kunden"');
    const customers = textOf((await client.get('/kunden')).body);
    expect(customers).toContain('Kundin Eins');
    expect(customers).toContain('Kundin Zwei');
    expect(customers).not.toContain('Kundin Drei');
    const found = await client.get('/kunden?suche=zwei');
    expect(textOf(found.body)).toContain('Ein Kunde');
    expect(found.body).toContain('href="/vertraege?kunde=K2"');
    expect(found.body).not.toContain('Kundin Eins');
    expect(textOf((await client.get('/kunden?suche=K1')).body)).toContain('Kundin Eins');
    const contracts = await client.get('/vertraege?kunde=K2');
    expect(textOf(contracts.body)).toContain('Verträge von Kundin Zwei');
    expect(contracts.body).toContain('Hausrat Basis');
    expect(contracts.body).not.toContain('Hausrat Komfort');
    expect((await client.get(`/vertraege/${ids.get('P7')}`)).status).toBe(404);
  });

  it('ends what a person sees at the next request once they leave the grant, are deactivated or the grant is gone', async () => {
    const grant = (name: string): GrantInput => ({
      name,
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
    });
    const removed = await personOn('entfernt@example.com', grant('Entfernt'));
    const deactivated = await personOn('deaktiviert@example.com', grant('Deaktiviert'));
    const deleted = await personOn('geloescht@example.com', grant('Gelöscht'));
    const path = `/vertraege/${ids.get('P1')}`;
    for (const person of [removed, deactivated, deleted]) {
      expect((await person.client.get(path)).status).toBe(200);
    }

    await portal.services.grants.removePersonFromGrant(acme.id, removed.grantId, removed.identityId, CLI_ORIGIN);
    await portal.services.people.deactivatePerson(acme.id, deactivated.identityId, { kind: 'api_key' }, CLI_ORIGIN);
    await portal.services.grants.deleteGrant(acme.id, deleted.grantId, CLI_ORIGIN);

    for (const person of [removed, deactivated, deleted]) {
      const answer = await person.client.get(path);
      expect(answer.status).not.toBe(200);
      expect(answer.body).not.toContain('Hausrat Komfort');
      const home = await person.client.get('/');
      expect(home.body).not.toContain('Aktuelle Absicherungen');
      expect(navOf(home.body)).not.toContain('href="/vertraege"');
    }
  });

  it('pages a long list by 50', async () => {
    const many = Array.from({ length: 55 }, (_, index) =>
      contract(`M${String(index).padStart(3, '0')}`, 'K9', '040', {
        productName: `Haftpflicht ${index}`,
        status: 'active',
      }),
    );
    await upsert(acme.id, [customer('K9', 'Neun'), ...many]);
    const { client } = await personOn('viele@example.com', {
      name: 'Viele',
      kind: 'customer',
      customerNumbers: ['K9'],
      shareContractsAutomatically: true,
    });
    const first = await client.get('/vertraege');
    expect(textOf(first.body)).toContain('55 Verträge');
    expect(textOf(first.body)).toContain('Seite 1 von 2');
    expect([...first.body.matchAll(/href="\/vertraege\/[0-9a-f-]{36}"/g)]).toHaveLength(50);
    const second = await client.get('/vertraege?seite=2');
    expect([...second.body.matchAll(/href="\/vertraege\/[0-9a-f-]{36}"/g)]).toHaveLength(5);
    expect(second.body).toContain('rel="prev"');
  });

  it("lets staff view read-only what a person sees, recorded in the Protokoll, and nothing of another tenant's", async () => {
    const { identityId: annaId } = await policyholderOfK1('anna.ansicht@example.com');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    const staff = await logIn(portal, acme.origin, 'chefin@acme.example');
    expect((await staff.get(`/admin/people/${annaId}`)).body).toContain(`href="/admin/people/${annaId}/ansicht"`);
    const view = await staff.get(`/admin/people/${annaId}/ansicht`);
    expect(view.status).toBe(200);
    const text = textOf(view.body);
    expect(text).toContain('Ansicht als Person anna');
    expect(text).toContain('Beiträge im Jahr (brutto) 1.030,88 €');
    expect(view.body).toContain(`href="/admin/people/${annaId}/ansicht/${ids.get('P1')}"`);
    const detail = await staff.get(`/admin/people/${annaId}/ansicht/${ids.get('P1')}`);
    expect(textOf(detail.body)).toContain('Beginn 03/2027');
    expect((await staff.get(`/admin/people/${annaId}/ansicht/${ids.get('P7')}`)).status).toBe(404);
    const events = await portal.services.audit.listForTenant(acme.id, 20, { email: 'anna.ansicht@example.com' });
    expect(events.filter((event) => event.kind === 'person.viewed_as')).toHaveLength(2);

    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaStaff.get(`/admin/people/${annaId}/ansicht`)).status).toBe(404);
    expect((await betaStaff.get(`/admin/people/${annaId}/ansicht/${ids.get('P1')}`)).status).toBe(404);
    const holder = await logIn(portal, acme.origin, 'anna.ansicht@example.com');
    expect((await holder.get(`/admin/people/${annaId}/ansicht`)).status).toBe(404);
  });

  it("lets staff see an intermediary's Kunden page as that person sees it, recorded, and nothing of another tenant's", async () => {
    const { identityId: veitId } = await personOn('veit@example.com', {
      name: 'Vermittler Veit',
      kind: 'intermediary',
      customerNumbers: ['V1'],
      shareContractsAutomatically: true,
    });
    const { identityId: paulId } = await personOn('paul@example.com', {
      name: 'Paul',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
    });
    await activatePerson(portal, acme, 'leitung@acme.example', 'staff_admin');
    await activatePerson(portal, beta, 'leitung@beta.example', 'staff_admin');
    const staff = await logIn(portal, acme.origin, 'leitung@acme.example');
    const viewPath = `/admin/people/${veitId}/ansicht`;
    expect((await staff.get(viewPath)).body).toContain(`href="${viewPath}/kunden"`);

    const customers = await staff.get(`${viewPath}/kunden`);
    expect(customers.status).toBe(200);
    const text = textOf(customers.body);
    expect(text).toContain('Ansicht als Person veit');
    expect(text).toContain('Kundin Eins');
    expect(text).toContain('Kundin Zwei');
    expect(text).not.toContain('Kundin Drei');
    expect(customers.body).toContain(`href="${viewPath}?kunde=K2"`);
    expect(customers.body).not.toContain('href="/vertraege');
    const found = await staff.get(`${viewPath}/kunden?suche=zwei`);
    expect(textOf(found.body)).toContain('Ein Kunde');
    expect(found.body).not.toContain('Kundin Eins');
    const contracts = await staff.get(`${viewPath}?kunde=K2`);
    expect(textOf(contracts.body)).toContain('Verträge von Kundin Zwei Kunde');
    expect(textOf(contracts.body)).toContain('Ein Vertrag');
    expect(contracts.body).toContain('Hausrat Basis');
    const events = await portal.services.audit.listForTenant(acme.id, 20, { email: 'veit@example.com' });
    const viewed = events.filter((event) => event.kind === 'person.viewed_as');
    expect(viewed.map((event) => event.actorEmail)).toEqual(Array(4).fill('leitung@acme.example'));
    expect(viewed.filter((event) => event.detail?.startsWith('Kunden '))).toHaveLength(2);

    // A policyholder has no Kunden page, so neither has staff's view of one; nothing is recorded for it.
    expect((await staff.get(`/admin/people/${paulId}/ansicht`)).body).not.toContain('/ansicht/kunden');
    expect((await staff.get(`/admin/people/${paulId}/ansicht/kunden`)).status).toBe(404);
    const paulEvents = await portal.services.audit.listForTenant(acme.id, 20, { email: 'paul@example.com' });
    expect(paulEvents.filter((event) => event.detail?.startsWith('Kunden '))).toEqual([]);

    const betaStaff = await logIn(portal, beta.origin, 'leitung@beta.example');
    expect((await betaStaff.get(`${viewPath}/kunden`)).status).toBe(404);
    const intermediary = await logIn(portal, acme.origin, 'veit@example.com');
    expect((await intermediary.get(`${viewPath}/kunden`)).status).toBe(404);
  });
});
