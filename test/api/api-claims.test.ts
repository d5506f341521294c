import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localNow } from '../../src/modules/claims/claim-answers.js';
import { MINUTE } from '../../src/shared/clock.js';
import { required } from '../../src/shared/required.js';
import { ACCOUNT_PASSWORD, activatePerson } from '../support/accounts.js';
import { staffClientOn, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { expectAnswersMatchContract } from './api-client.js';
import { acceptInvitation, createApiWorld, logIn, type ApiWorld } from './api-setup.js';

const KFZ = { insurerNumber: '9001', sparte: '051', policyNumber: 'KFZ1' };
const HAUSRAT = { insurerNumber: '9001', sparte: '130', policyNumber: 'HR2' };

const pushBody = (extra: Record<string, unknown> = {}) => ({
  contract: KFZ,
  date: '2026-10-30',
  description: 'Auffahrunfall an der Ampel',
  status: 'submitted',
  ...extra,
});

describe(`API v1 claims (${databaseKind})`, () => {
  let world: ApiWorld;
  let max: Client;
  let withoutClaims: Client;

  /** Creates a grant over K1 and shares it with one person, who sets a password and logs in. */
  async function personOnGrant(email: string, includeClaims: boolean): Promise<Client> {
    const grant = await world.api.call('POST', '/grants', {
      body: {
        name: `K1 ${email}`,
        kind: 'customer',
        customerNumbers: ['K1'],
        shareContractsAutomatically: true,
        includeClaims,
      },
    });
    expect(grant.status).toBe(201);
    const person = await world.api.call('POST', `/grants/${grant.body.id}/people`, {
      body: { email, name: 'Max Mustermann', kind: 'policyholder' },
    });
    expect(person.status).toBe(201);
    await acceptInvitation(world.portal, world.acme.origin, email);
    return (await logIn(world.portal, world.acme.origin, email)).client;
  }

  beforeAll(async () => {
    world = await createApiWorld();
    const customer = (customerNumber: string) => ({
      type: 'customer',
      action: 'upsert',
      customer: { customerNumber, kind: 'private', lastName: `Kunde ${customerNumber}` },
    });
    const contract = (key: typeof KFZ, customerNumber: string) => ({
      type: 'contract',
      action: 'upsert',
      contract: { ...key, customerNumber, status: 'active' },
    });
    const sync = await world.api.call('POST', '/portfolio/sync', {
      body: { items: [customer('K1'), customer('K2'), contract(KFZ, 'K1'), contract(HAUSRAT, 'K2')] },
    });
    expect(sync.body.failed).toBe(0);
    max = await personOnGrant('max@example.com', true);
    withoutClaims = await personOnGrant('ohne@example.com', false);
  });
  afterAll(() => world.portal.close());

  it('pushes a claim by the CRM’s id: created once, replaced after, shown only to who may see its contract', async () => {
    const created = await world.api.call('PUT', '/claims/external/CRM-1', {
      body: pushBody({ insurerClaimNumber: 'VS-1' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      externalId: 'CRM-1',
      status: 'submitted',
      route: 'KFZ',
      customerNumber: 'K1',
      contract: KFZ,
      insurerClaimNumber: 'VS-1',
      brokerClaimNumber: null,
    });
    world.portal.clock.advance(MINUTE);
    const replaced = await world.api.call('PUT', '/claims/external/CRM-1', {
      body: pushBody({ status: 'in_progress', brokerClaimNumber: 'M-1', description: 'Auffahrunfall, korrigiert' }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(created.body.id);
    expect(replaced.body).toMatchObject({ status: 'in_progress', insurerClaimNumber: null, brokerClaimNumber: 'M-1' });

    const other = await world.api.call('PUT', '/claims/external/CRM-2', {
      body: pushBody({ contract: HAUSRAT, customerNumber: 'K2' }),
    });
    expect(other.status).toBe(201);
    expect(other.body.route).toBe('SACH');

    const list = textOf((await max.get('/schaeden')).body);
    expect(list).toContain('In Bearbeitung');
    expect(list).toContain('M-1');
    const page = textOf((await max.get(`/schaeden/${created.body.id}`)).body);
    expect(page).toContain('Auffahrunfall, korrigiert');
    expect((await max.get(`/schaeden/${other.body.id}`)).status).toBe(404);
    // The same contract through a grant without "Schäden einschließen" shows no claim.
    expect((await withoutClaims.get(`/schaeden/${created.body.id}`)).status).toBe(404);
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('takes the common answers with a push, checked like the portal’s form, and shows them on the claim’s pages', async () => {
    const answers = {
      time: '9.05',
      place: '  Kreuzung Hauptstraße / Ringweg ',
      estimatedAmountCents: 250050,
      policeInvolved: true,
      policeFileNumber: 'PI-77/2026',
      otherParties: 'Fahrer des roten Kombis',
      witnesses: 'Frau Beispiel, Tel. 0171 000000',
    };
    const pushed = await world.api.call('PUT', '/claims/external/CRM-ANSWERS', { body: pushBody(answers) });
    expect(pushed.status).toBe(201);
    expect(pushed.body.answers).toEqual({
      loss: {
        date: '2026-10-30',
        time: '09:05',
        place: 'Kreuzung Hauptstraße / Ringweg',
        description: 'Auffahrunfall an der Ampel',
        estimatedAmountCents: 250050,
      },
      circumstances: {
        policeInvolved: true,
        policeFileNumber: 'PI-77/2026',
        otherParties: 'Fahrer des roten Kombis',
        witnesses: 'Frau Beispiel, Tel. 0171 000000',
      },
    });
    await activatePerson(world.portal, world.acme, 'sachbearbeiter@acme.example', 'staff_user');
    const staff = await staffClientOn(
      world.portal.app,
      world.acme.origin,
      'sachbearbeiter@acme.example',
      ACCOUNT_PASSWORD,
    );
    const shown = [
      '30.10.2026, 09:05 Uhr',
      'Kreuzung Hauptstraße / Ringweg',
      '2.500,50',
      'PI-77/2026',
      'Fahrer des roten Kombis',
      'Frau Beispiel, Tel. 0171 000000',
    ];
    for (const page of [
      textOf((await max.get(`/schaeden/${pushed.body.id}`)).body),
      textOf((await staff.get(`/admin/schaeden/${pushed.body.id}`)).body),
    ]) {
      for (const text of shown) expect(page).toContain(text);
    }
    // A replace names every answer anew; a file number without the police is not kept, as in the portal.
    const replaced = await world.api.call('PUT', '/claims/external/CRM-ANSWERS', {
      body: pushBody({ policeInvolved: false, policeFileNumber: 'PI-77/2026' }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.answers.loss).toMatchObject({ time: '', place: '', estimatedAmountCents: null });
    expect(replaced.body.answers.circumstances).toEqual({
      policeInvolved: false,
      policeFileNumber: null,
      otherParties: null,
      witnesses: null,
    });
    const page = textOf((await staff.get(`/admin/schaeden/${pushed.body.id}`)).body);
    expect(page).not.toContain('Kreuzung Hauptstraße');
    expect(page).not.toContain('PI-77/2026');
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('refuses bad pushes with the problem format and stable codes', async () => {
    const put = (body: unknown, id = 'CRM-BAD') => world.api.call('PUT', `/claims/external/${id}`, { body });
    const cases: [unknown, number, string][] = [
      [pushBody({ date: undefined }), 400, 'validation_failed'],
      [pushBody({ date: '2026-02-30' }), 400, 'validation_failed'],
      [pushBody({ status: 'draft' }), 400, 'validation_failed'],
      [pushBody({ extra: true }), 400, 'validation_failed'],
      [pushBody({ description: 42 }), 400, 'validation_failed'],
      [pushBody({ contract: undefined }), 400, 'validation_failed'],
      [pushBody({ insurerClaimNumber: 'x'.repeat(61) }), 400, 'validation_failed'],
      [pushBody({ contract: { ...KFZ, policyNumber: 'NOPE' } }), 422, 'contract_not_found'],
      [pushBody({ contract: undefined, customerNumber: 'K99' }), 422, 'customer_not_found'],
      [pushBody({ customerNumber: 'K2' }), 422, 'customer_not_found'],
      [pushBody({ date: '2099-01-01' }), 422, 'claim_date_in_future'],
      // Today in Berlin, at a later time than now.
      [pushBody({ date: localNow(world.portal.clock.now()).slice(0, 10), time: '23:59' }), 422, 'claim_date_in_future'],
      [pushBody({ time: '25:00' }), 422, 'claim_time_invalid'],
      [pushBody({ time: 'mittags' }), 422, 'claim_time_invalid'],
      [pushBody({ estimatedAmountCents: -1 }), 422, 'amount_invalid'],
      [pushBody({ estimatedAmountCents: 12.5 }), 422, 'amount_invalid'],
      [pushBody({ estimatedAmountCents: 100_000_000_001 }), 422, 'amount_invalid'],
      [pushBody({ estimatedAmountCents: '100' }), 400, 'validation_failed'],
      [pushBody({ place: 'x'.repeat(201) }), 422, 'claim_text_too_long'],
      [pushBody({ policeInvolved: true, witnesses: 'x'.repeat(4001) }), 422, 'claim_text_too_long'],
      [pushBody({ witnesses: 'Frau Beispiel' }), 422, 'claim_field_required'],
      [pushBody({ policeInvolved: 'ja' }), 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await put(body);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await put(pushBody({ place: ' '.repeat(3) + 'x'.repeat(201) }))).body.detail).toBe(
      'place: the text is too long (at most 200 characters)',
    );
    expect((await put(pushBody(), 'mit%20Leerzeichen')).status).toBe(400);
    const notJson = await world.api.call('PUT', '/claims/external/CRM-BAD', {
      rawBody: '{"date":',
      contentType: 'application/json',
    });
    expect(notJson.status).toBe(400);
    const text = await world.api.call('PUT', '/claims/external/CRM-BAD', {
      rawBody: 'date',
      contentType: 'text/plain',
    });
    expect(text.status).toBe(415);
    expect((await world.api.call('GET', '/claims?status=draft')).status).toBe(400);
    expect((await world.api.call('GET', '/claims?updatedSince=yesterday')).status).toBe(400);
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('changes status, numbers and notes per NEXT_STATUSES; the note reaches the customer by mail as a link', async () => {
    const pushed = await world.api.call('PUT', '/claims/external/CRM-3', { body: pushBody() });
    const path = `/claims/${pushed.body.id}`;
    expect((await world.api.call('PATCH', path, { body: {} })).status).toBe(400);
    expect((await world.api.call('PATCH', path, { body: { status: 'open' } })).status).toBe(400);
    const jump = await world.api.call('PATCH', path, { body: { status: 'settled' } });
    expect({ status: jump.status, code: jump.body.code }).toEqual({
      status: 409,
      code: 'claim_status_transition_invalid',
    });

    const note = 'Die Werkstatt hat den Kostenvoranschlag geschickt.';
    const changed = await world.api.call('PATCH', path, {
      body: { status: 'in_progress', note, insurerClaimNumber: 'VS-3' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'in_progress', insurerClaimNumber: 'VS-3' });
    const mail = world.portal.smtp.waitForMail('max@example.com');
    await world.portal.deliverMail();
    const received = await mail;
    expect(received.subject).toBe('Neuigkeiten zu Ihrem Schaden');
    expect(received.text).toContain(`/schaeden/${pushed.body.id}`);
    expect(received.text).not.toContain('Kostenvoranschlag');

    // Repeating the same status changes nothing; null clears a number.
    const again = await world.api.call('PATCH', path, { body: { status: 'in_progress', insurerClaimNumber: null } });
    expect(again.body).toMatchObject({ status: 'in_progress', insurerClaimNumber: null });
    const detail = await world.api.call('GET', path);
    expect(detail.status).toBe(200);
    expect(detail.body.answers.loss.description).toBe('Auffahrunfall an der Ampel');
    expect(
      detail.body.history.map((entry: { status: string; note: string | null }) => [entry.status, entry.note]),
    ).toEqual([
      ['submitted', null],
      ['in_progress', note],
    ]);
    expect(textOf((await max.get(`/schaeden/${pushed.body.id}`)).body)).toContain(note);
    const audit = await world.api.call('GET', '/audit-events?limit=100');
    const kinds = audit.body.items.map((event: { kind: string }) => event.kind);
    expect(kinds).toContain('claim.pushed');
    expect(kinds).toContain('claim.status_changed');
    expect(kinds).toContain('claim.numbers_changed');
    await expectAnswersMatchContract(world.portal, world.api.recorded);
  });

  it('lists reported claims by status and change, page by page, and answers 404 to another tenant’s key', async () => {
    world.portal.clock.advance(MINUTE);
    const since = world.portal.clock.now();
    const fresh = [];
    for (const id of ['CRM-10', 'CRM-11', 'CRM-12']) {
      world.portal.clock.advance(MINUTE);
      fresh.push(
        (await world.api.call('PUT', `/claims/external/${id}`, { body: pushBody({ status: 'refused' }) })).body.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/claims?updatedSince=${encodeURIComponent(since.toISOString())}&limit=2${
        cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
      }`;
      const answer = await world.api.call('GET', query);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((item: { id: string }) => item.id));
      cursor = answer.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(fresh);
    const refused = await world.api.call('GET', '/claims?status=refused&limit=100');
    expect(refused.body.items.map((item: { id: string }) => item.id).sort()).toEqual([...fresh].sort());
    expect((await world.api.call('GET', '/claims?cursor=nonsense')).body.items).toEqual([]);

    const id = required(fresh[0]);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { status: 'closed' }],
    ] as const) {
      const answer = await world.betaApi.call(method, `/claims/${id}`, body === undefined ? {} : { body });
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 404, code: 'claim_not_found' });
    }
    expect((await world.betaApi.call('GET', '/claims')).body.items).toEqual([]);
    const foreign = await world.betaApi.call('PUT', '/claims/external/CRM-10', { body: pushBody() });
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 422, code: 'contract_not_found' });
    expect((await world.api.call('GET', '/claims/not-an-id')).status).toBe(404);
    expect((await world.api.call('GET', `/claims/${id}`)).body.status).toBe('refused');
    await expectAnswersMatchContract(world.portal, [...world.api.recorded, ...world.betaApi.recorded]);
  });
});
