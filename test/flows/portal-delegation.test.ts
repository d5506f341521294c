import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const OPERATOR = { identityId: null, origin: { client: 'cli', userAgent: null } };
const NO_OPTIONS = {
  includeClaims: false,
  includeReferenceAddresses: false,
  shareCases: false,
  shareContractsAutomatically: false,
  linesOfBusiness: '',
  documentProfile: '',
  separateGrantPerInvitee: false,
  delegatedProfileIds: [] as string[],
};

describe(`delegation in the customer's own portal (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;
  let holder: Client;
  let steinId: string;
  let mitarbeiterId: string;
  let teamId: string;
  let holzId: string;

  async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
    return ((await portal.runtime.database.db.execute(query)) as { rows: T[] }).rows;
  }

  async function grantNamed(name: string) {
    const [row] = await rows<{
      id: string;
      kind: string;
      include_claims: boolean;
      share_cases: boolean;
      restricted_lines_of_business: string[];
      profile_id: string | null;
      delegated_by_identity_id: string | null;
      delegated_from_grant_id: string | null;
    }>(
      sql`select id, kind, include_claims, share_cases, restricted_lines_of_business, profile_id,
        delegated_by_identity_id, delegated_from_grant_id from grants where tenant_id = ${acme.id} and name = ${name}`,
    );
    return row ?? null;
  }

  async function counts(): Promise<{ grants: number; members: number; identities: number; outbox: number }> {
    const [row] = await rows<{ grants: number; members: number; identities: number; outbox: number }>(
      sql`select (select count(*)::int from grants) as grants, (select count(*)::int from grant_members) as members,
        (select count(*)::int from identities) as identities, (select count(*)::int from outbox) as outbox`,
    );
    return required(row);
  }

  async function identityIdOf(email: string): Promise<string> {
    return required((await rows<{ id: string }>(sql`select id from identities where email = ${email}`))[0]).id;
  }

  async function setPasswordFromMail(email: string): Promise<void> {
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
    expect(link.host).toBe(acme.host);
    const client = createClient(portal.app, acme.origin);
    await client.get(link.pathname + link.search);
    const answer = await client.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: ACCOUNT_PASSWORD,
      passwordConfirm: ACCOUNT_PASSWORD,
    });
    expect(answer.body).toContain('Passwort gespeichert');
  }

  /** The holder of Firma Stein invites a colleague with one of the profiles the grant may hand on. */
  async function delegateFromStein(profileId: string, email: string, name: string): Promise<void> {
    await holder.get('/colleagues');
    expect((await holder.post('/colleagues', { offer: `${steinId}:${profileId}`, email, name })).location).toBe(
      '/colleagues?eingeladen',
    );
  }

  // Each test starts from the same world (two brokers, Firma Stein with its holder, Firma Holz),
  // since delegating, removing and deleting change it for good.
  beforeEach(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'inhaber@stein.example', 'policyholder');
    await activatePerson(portal, acme, 'inhaberin@holz.example', 'policyholder');
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await activatePerson(portal, beta, 'bekannt@example.com', 'policyholder');
    await activatePerson(portal, beta, 'inhaber@beta.example', 'policyholder');
    const profiles = portal.services.profiles;
    mitarbeiterId = (
      (await profiles.save(
        acme.id,
        null,
        {
          ...NO_OPTIONS,
          name: 'Mitarbeiter',
          includeClaims: true,
          linesOfBusiness: 'Kfz',
          separateGrantPerInvitee: true,
        },
        OPERATOR,
      )) as { id: string }
    ).id;
    teamId = (
      (await profiles.save(acme.id, null, { ...NO_OPTIONS, name: 'Team', shareCases: true }, OPERATOR)) as {
        id: string;
      }
    ).id;
    const firmaId = (
      (await profiles.save(
        acme.id,
        null,
        { ...NO_OPTIONS, name: 'Firmenkunde', delegatedProfileIds: [mitarbeiterId, teamId] },
        OPERATOR,
      )) as { id: string }
    ).id;
    const tenant = required(await portal.services.tenants.findTenantById(acme.id));
    steinId = (
      await portal.services.grants.createGrant(acme.id, {
        name: 'Firma Stein',
        kind: 'customer',
        customerNumbers: ['300001', '300002'],
      })
    ).id;
    holzId = (
      await portal.services.grants.createGrant(acme.id, {
        name: 'Firma Holz',
        kind: 'customer',
        customerNumbers: ['400001'],
      })
    ).id;
    await portal.services.people.addPersonToGrant(
      tenant,
      steinId,
      { email: 'inhaber@stein.example', name: 'Ines Inhaber', kind: 'policyholder' },
      OPERATOR.origin,
    );
    await portal.services.people.addPersonToGrant(
      tenant,
      holzId,
      { email: 'inhaberin@holz.example', name: 'Hanna Holz', kind: 'policyholder' },
      OPERATOR.origin,
    );
    await portal.services.grants.applyProfile(acme.id, holzId, await profiles.find(acme.id, firmaId));
    // Staff apply the profile in the workspace: the grant remembers it, and its options are copied.
    staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    await staff.get(`/admin/grants/${steinId}`);
    expect((await staff.post(`/admin/grants/${steinId}/apply-profile`, { profileId: firmaId })).location).toBe(
      `/admin/grants/${steinId}?profil-angewendet`,
    );
    expect((await grantNamed('Firma Stein'))?.profile_id).toBe(firmaId);
    holder = await logIn(portal, acme.origin, 'inhaber@stein.example');
  }, 60_000);
  afterEach(() => portal.close());

  it('shows "Kolleginnen und Kollegen" only to people who may delegate; everybody else finds nothing', async () => {
    expect(textOf((await holder.get('/')).body)).toContain('Kolleginnen und Kollegen einladen und verwalten');
    const page = textOf((await holder.get('/colleagues')).body);
    expect(page).toContain('Sie haben noch niemanden eingeladen.');
    expect(page).toContain('Mitarbeiter – aus „Firma Stein“');
    expect(page).toContain('Team – aus „Firma Stein“');

    const customer = await logIn(portal, acme.origin, 'kunde@example.com');
    expect(textOf((await customer.get('/')).body)).not.toContain('Kolleginnen und Kollegen');
    expect((await customer.get('/colleagues')).status).toBe(404);
    expect(
      (await customer.post('/colleagues', { offer: `${steinId}:${mitarbeiterId}`, email: 'x@example.com', name: 'X' }))
        .status,
    ).toBe(404);
    expect((await createClient(portal.app, acme.origin).get('/colleagues')).location).toBe('/login');
    expect(await grantNamed('Firma Stein/x@example.com')).toBeNull();
  });

  it('invites a colleague into a grant of their own, who sets a password, logs in and sees the portal', async () => {
    await holder.get('/colleagues');
    const invited = await holder.post('/colleagues', {
      offer: `${steinId}:${mitarbeiterId}`,
      email: 'Karl.Kollege@Example.com',
      name: 'Karl Kollege',
    });
    expect(invited.location).toBe('/colleagues?eingeladen');
    const grant = await grantNamed('Firma Stein/karl.kollege@example.com');
    expect(grant).toMatchObject({
      kind: 'customer',
      include_claims: true,
      share_cases: false,
      restricted_lines_of_business: ['Kfz'],
      profile_id: mitarbeiterId,
      delegated_by_identity_id: await identityIdOf('inhaber@stein.example'),
      delegated_from_grant_id: steinId,
    });
    expect((await portal.services.grants.getGrant(acme.id, required(grant).id)).customerNumbers).toEqual([
      '300001',
      '300002',
    ]);
    expect(textOf((await holder.get('/colleagues?eingeladen')).body)).toContain(
      'Karl Kollege Karl.Kollege@Example.com · eingeladen Freischaltung: Firma Stein/karl.kollege@example.com',
    );

    await setPasswordFromMail('karl.kollege@example.com');
    const karl = await logIn(portal, acme.origin, 'karl.kollege@example.com');
    const home = textOf((await karl.get('/')).body);
    expect(home).toContain('Willkommen, Karl Kollege');
    expect(home).toContain('Firma Stein/karl.kollege@example.com');
    expect(home).not.toContain('Kolleginnen und Kollegen');
    expect(textOf((await holder.get('/colleagues')).body)).toContain('Karl.Kollege@Example.com · aktiv');

    const [event] = await portal.services.audit.listForTenant(acme.id, 1, {
      kind: 'invitation.created',
      email: 'karl.kollege@example.com',
    });
    expect(event?.actorEmail).toBe('inhaber@stein.example');
    const [created] = await portal.services.audit.listForTenant(acme.id, 1, {
      kind: 'grant.created',
      email: 'inhaber@stein.example',
    });
    expect(created?.detail).toBe('Im Kundenportal delegiert: Firma Stein/karl.kollege@example.com');
  });

  it('puts everybody invited with a shared profile into one grant, and a known person gets access at once, answered like a new one', async () => {
    await holder.get('/colleagues');
    expect(
      (
        await holder.post('/colleagues', {
          offer: `${steinId}:${teamId}`,
          email: 'tina@example.com',
          name: 'Tina Team',
        })
      ).location,
    ).toBe('/colleagues?eingeladen');
    expect(
      (
        await holder.post('/colleagues', {
          offer: `${steinId}:${teamId}`,
          email: 'bekannt@example.com',
          name: 'Bernd Bekannt',
        })
      ).location,
    ).toBe('/colleagues?eingeladen');
    const shared = await grantNamed('Firma Stein/Team');
    expect(shared).toMatchObject({
      share_cases: true,
      include_claims: false,
      profile_id: teamId,
      delegated_from_grant_id: steinId,
    });
    expect(
      required(
        (
          await rows<{ n: number }>(
            sql`select count(*)::int as n from grant_members where grant_id = ${required(shared).id}`,
          )
        )[0],
      ).n,
    ).toBe(2);
    expect(await grantNamed('Firma Stein/tina@example.com')).toBeNull();
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('bekannt@example.com')).text).not.toContain('/set-password');
    expect(textOf((await holder.get('/colleagues')).body)).toContain(
      'bekannt@example.com · eingeladen Freischaltung: Firma Stein/Team',
    );
    const bernd = await logIn(portal, acme.origin, 'bekannt@example.com');
    expect(textOf((await bernd.get('/')).body)).toContain('Firma Stein/Team');
    expect(textOf((await holder.get('/colleagues')).body)).toContain(
      'bekannt@example.com · aktiv Freischaltung: Firma Stein/Team',
    );

    // Staff see where the grant comes from.
    expect(textOf((await staff.get(`/admin/grants/${required(shared).id}`)).body)).toContain(
      'Angewendetes Profil: Team Im Kundenportal delegiert aus „Firma Stein“ von inhaber@stein.example.',
    );
    expect(textOf((await staff.get(`/admin/grants/${steinId}`)).body)).toContain('Angewendetes Profil: Firmenkunde');
    // Removing one of several keeps the shared grant for the others.
    const tinaId = await identityIdOf('tina@example.com');
    await holder.get(`/colleagues/${required(shared).id}/${tinaId}/remove`);
    expect((await holder.post(`/colleagues/${required(shared).id}/${tinaId}/remove`, {})).location).toBe(
      '/colleagues?entfernt',
    );
    expect((await grantNamed('Firma Stein/Team'))?.id).toBe(required(shared).id);
    expect(textOf((await bernd.get('/')).body)).toContain('Firma Stein/Team');
  });

  it('refuses bad input with the code of each problem and writes nothing', async () => {
    const before = await counts();
    await holder.get('/colleagues');
    const offer = `${steinId}:${mitarbeiterId}`;
    // A refusal shows its code; a malformed form and an unknown offer answer the general pages, which have none.
    const cases: Array<[Record<string, string | string[]>, number, { code: string } | { text: string }]> = [
      [{ offer, email: 'kein-at-zeichen', name: 'Kai' }, 422, { code: 'EMAIL_INVALID' }],
      [{ offer, email: 'kai\u200b@example.com', name: 'Kai' }, 422, { code: 'EMAIL_INVALID' }],
      [{ offer, email: 'kai@example.com', name: 'K'.repeat(121) }, 422, { code: 'NAME_INVALID' }],
      [{ offer, email: 'kai@example.com', name: 'Kai \u202egnaL' }, 422, { code: 'NAME_INVALID' }],
      [{ offer, email: 'kai@example.com', name: '   ' }, 422, { code: 'NAME_INVALID' }],
      [{ offer, email: 'inhaber@stein.example', name: 'Ich' }, 422, { code: 'DELEGATION_SELF' }],
      [
        { offer, email: `${'k'.repeat(64)}@${'lang'.repeat(10)}.${'lang'.repeat(10)}.example`, name: 'Kai' },
        422,
        { code: 'DELEGATED_GRANT_NAME_INVALID' },
      ],
      [{ offer, email: 'kai@example.com' }, 400, { text: 'Das Formular war unvollständig' }],
      [
        { offer, email: ['kai@example.com', 'kim@example.com'], name: 'Kai' },
        400,
        { text: 'Das Formular war unvollständig' },
      ],
      [{ offer: 'nicht:da', email: 'kai@example.com', name: 'Kai' }, 404, { text: 'Seite nicht gefunden' }],
    ];
    for (const [fields, status, shown] of cases) {
      const answer = await holder.post('/colleagues', fields);
      expect(answer.status, JSON.stringify(fields)).toBe(status);
      if ('code' in shown) {
        expect(errorCodesOf(answer.body), JSON.stringify(fields)).toEqual([shown.code]);
      } else {
        expect(textOf(answer.body), JSON.stringify(fields)).toContain(shown.text);
      }
    }
    // A grant of the would-be name that the person did not delegate is not taken over.
    await portal.services.grants.createGrant(acme.id, { name: 'Firma Stein/kai@example.com', kind: 'customer' });
    const taken = await holder.post('/colleagues', { offer, email: 'kai@example.com', name: 'Kai' });
    expect(taken.status).toBe(422);
    expect(errorCodesOf(taken.body)).toEqual(['DELEGATION_NAME_TAKEN']);
    expect(await counts()).toEqual({ ...before, grants: before.grants + 1 });
  });

  it("answers another person's delegations, another tenant and made-up ids with 404", async () => {
    await delegateFromStein(mitarbeiterId, 'Karl.Kollege@Example.com', 'Karl Kollege');
    const hanna = await logIn(portal, acme.origin, 'inhaberin@holz.example');
    await hanna.get('/colleagues');
    expect(
      (
        await hanna.post('/colleagues', {
          offer: `${holzId}:${mitarbeiterId}`,
          email: 'hugo@example.com',
          name: 'Hugo Holz',
        })
      ).location,
    ).toBe('/colleagues?eingeladen');
    const hugoGrant = required(await grantNamed('Firma Holz/hugo@example.com'));
    const hugoId = await identityIdOf('hugo@example.com');
    const karlGrant = required(await grantNamed('Firma Stein/karl.kollege@example.com'));
    const karlId = await identityIdOf('karl.kollege@example.com');

    await holder.get('/colleagues');
    expect(textOf((await holder.get('/colleagues')).body)).not.toContain('Hugo');
    for (const path of [
      `/colleagues/${hugoGrant.id}/${hugoId}/remove`,
      `/colleagues/${karlGrant.id}/${hugoId}/remove`,
      `/colleagues/${steinId}/${await identityIdOf('inhaber@stein.example')}/remove`,
      '/colleagues/nicht-da/auch-nicht/remove',
    ]) {
      expect((await holder.get(path)).status, path).toBe(404);
      expect((await holder.post(path, {})).status, path).toBe(404);
    }
    // Someone else's grant as the source of an invitation.
    expect(
      (
        await holder.post('/colleagues', {
          offer: `${holzId}:${mitarbeiterId}`,
          email: 'fremd@example.com',
          name: 'Fremd',
        })
      ).status,
    ).toBe(404);
    expect(await grantNamed('Firma Holz/fremd@example.com')).toBeNull();

    const betaHolder = await logIn(portal, beta.origin, 'inhaber@beta.example');
    expect((await betaHolder.get('/colleagues')).status).toBe(404);
    expect((await betaHolder.get(`/colleagues/${karlGrant.id}/${karlId}/remove`)).status).toBe(404);
    expect((await betaHolder.post(`/colleagues/${karlGrant.id}/${karlId}/remove`, {})).status).toBe(404);
    expect(
      (
        await betaHolder.post('/colleagues', {
          offer: `${steinId}:${mitarbeiterId}`,
          email: 'b@example.com',
          name: 'B',
        })
      ).status,
    ).toBe(404);
    expect(
      required(
        (
          await rows<{ n: number }>(
            sql`select count(*)::int as n from grant_members where grant_id in (${hugoGrant.id}, ${karlGrant.id})`,
          )
        )[0],
      ).n,
    ).toBe(2);
  });

  it("removes a colleague after a confirmation; the colleague's open session ends at once", async () => {
    await delegateFromStein(mitarbeiterId, 'Karl.Kollege@Example.com', 'Karl Kollege');
    await setPasswordFromMail('karl.kollege@example.com');
    const karl = await logIn(portal, acme.origin, 'karl.kollege@example.com');
    expect((await karl.get('/')).status).toBe(200);
    const grant = required(await grantNamed('Firma Stein/karl.kollege@example.com'));
    const karlId = await identityIdOf('karl.kollege@example.com');
    const confirm = textOf((await holder.get(`/colleagues/${grant.id}/${karlId}/remove`)).body);
    expect(confirm).toContain('Zugang von Karl Kollege entfernen?');
    expect((await karl.get('/')).status).toBe(200);
    expect((await holder.post(`/colleagues/${grant.id}/${karlId}/remove`, {})).location).toBe('/colleagues?entfernt');
    expect((await karl.get('/')).location).toBe('/login');
    expect(textOf((await holder.get('/colleagues?entfernt')).body)).not.toContain('Karl');
    // A grant of its own for one person goes with that person.
    expect(await grantNamed('Firma Stein/karl.kollege@example.com')).toBeNull();
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, {
      kind: 'access.removed',
      email: 'karl.kollege@example.com',
    });
    expect(event?.actorEmail).toBe('inhaber@stein.example');
  });

  it('a holder who loses the grant loses the management; deleting that grant deletes what was delegated out of it', async () => {
    await delegateFromStein(teamId, 'bekannt@example.com', 'Bernd Bekannt');
    const bernd = await logIn(portal, acme.origin, 'bekannt@example.com');
    const holderId = await identityIdOf('inhaber@stein.example');
    await portal.services.grants.removePersonFromGrant(acme.id, steinId, holderId);
    expect((await holder.get('/colleagues')).status).toBe(404);
    expect(textOf((await holder.get('/')).body)).not.toContain('Kolleginnen und Kollegen');
    // The colleagues keep their access; staff manage the grant from now on.
    expect(textOf((await bernd.get('/')).body)).toContain('Firma Stein/Team');

    await staff.get(`/admin/grants/${steinId}/delete`);
    expect((await staff.post(`/admin/grants/${steinId}/delete`, {})).location).toBe('/admin/grants?geloescht');
    expect(await grantNamed('Firma Stein/Team')).toBeNull();
    expect((await bernd.get('/')).location).toBe('/login');
  });
});
