import { takenErrorOf } from '../../db/database-errors.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, fieldProblem, type FieldProblem } from '../../shared/errors.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { sharingOf, type GrantSharing } from '../grants/grant.js';
import { isUuid } from '../../shared/ids.js';
import { createProfileQueries } from './profile-repo.js';

/** The sharing options a profile carries: a grant's, without the grant's own Betreuer. */
export type ProfileOptions = GrantSharing;

export interface Profile extends ProfileOptions {
  id: string;
  name: string;
  separateGrantPerInvitee: boolean;
  delegatedProfileIds: string[];
}

/** A profile as staff type it into a form: text fields, checkboxes as booleans. */
export interface ProfileInput {
  name: string;
  includeClaims: boolean;
  /** Off when left out (forms and callers that predate the option). */
  claimsNeedRelease?: boolean;
  /** Off when left out, as claimsNeedRelease. */
  claimsWithoutContract?: boolean;
  claimsOnly?: boolean;
  includeReferenceAddresses: boolean;
  shareCases: boolean;
  shareContractsAutomatically: boolean;
  /** Comma-separated lines of business (Sparten); empty for all. */
  linesOfBusiness: string;
  documentProfile: string;
  separateGrantPerInvitee: boolean;
  delegatedProfileIds: string[];
}

export type ProfileProblem = FieldProblem<'name' | 'linesOfBusiness' | 'documentProfile' | 'delegatedProfileIds'>;

export interface ProfileActor {
  identityId: string | null;
  origin: RequestOrigin;
}

const NAME_MAX = 120;
const NAME_TAKEN_PROBLEM: ProfileProblem = fieldProblem('name', 'PROFILE_NAME_TAKEN');
const LINE_OF_BUSINESS = /^[\p{L}\p{N}][\p{L}\p{N} ._/&-]{0,39}$/u;
const LINES_MAX = 30;
const DOCUMENT_PROFILE_MAX = 80;

function cleanName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** Lines of business and document profile as typed into a profile's or a grant's form. */
export function validateSharingOptions(input: { linesOfBusiness: string; documentProfile: string }): {
  lines: string[];
  documentProfile: string | null;
  problems: ProfileProblem[];
} {
  const problems: ProfileProblem[] = [];
  const lines = [
    ...new Set(
      input.linesOfBusiness
        .split(',')
        .map((entry) => cleanName(entry))
        .filter((entry) => entry !== ''),
    ),
  ];
  if (lines.length > LINES_MAX || lines.some((line) => !LINE_OF_BUSINESS.test(line))) {
    problems.push(fieldProblem('linesOfBusiness', 'LINES_OF_BUSINESS_INVALID', { max: LINES_MAX }));
  }
  const documentProfile = cleanName(input.documentProfile);
  if (Array.from(documentProfile).length > DOCUMENT_PROFILE_MAX || /[\p{Cc}\p{Cf}]/u.test(documentProfile)) {
    problems.push(fieldProblem('documentProfile', 'DOCUMENT_PROFILE_INVALID', { max: DOCUMENT_PROFILE_MAX }));
  }
  return { lines, documentProfile: documentProfile === '' ? null : documentProfile, problems };
}

/** Checks a profile form and returns every problem at once, with the values to store. */
export function validateProfile(input: ProfileInput): {
  problems: ProfileProblem[];
  values: Omit<Profile, 'id' | 'delegatedProfileIds'> & { delegatedProfileIds: string[] };
} {
  const problems: ProfileProblem[] = [];
  const name = cleanName(input.name);
  if (name.length === 0 || Array.from(name).length > NAME_MAX || /[\p{Cc}\p{Cf}]/u.test(name)) {
    problems.push(fieldProblem('name', 'PROFILE_NAME_INVALID', { max: NAME_MAX }));
  }
  const { lines, documentProfile, problems: optionProblems } = validateSharingOptions(input);
  problems.push(...optionProblems);
  if (input.delegatedProfileIds.some((id) => !isUuid(id))) {
    problems.push(fieldProblem('delegatedProfileIds', 'DELEGATED_PROFILES_INVALID'));
  }
  return {
    problems,
    values: {
      name,
      includeClaims: input.includeClaims,
      claimsNeedRelease: input.claimsNeedRelease ?? false,
      claimsWithoutContract: input.claimsWithoutContract ?? false,
      claimsOnly: input.claimsOnly ?? false,
      includeReferenceAddresses: input.includeReferenceAddresses,
      shareCases: input.shareCases,
      shareContractsAutomatically: input.shareContractsAutomatically,
      restrictedLinesOfBusiness: lines,
      documentProfile,
      separateGrantPerInvitee: input.separateGrantPerInvitee,
      delegatedProfileIds: [...new Set(input.delegatedProfileIds)],
    },
  };
}

/** Freischaltungsprofile of one tenant: named option sets, and which profiles their holders may hand out. */
export function createProfileService(deps: { db: Database; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;

  async function record(executor: Database, tenantId: string, actor: ProfileActor, detail: string): Promise<void> {
    await audit.record(
      {
        kind: 'profile.changed',
        tenantId,
        identityId: null,
        actorIdentityId: actor.identityId,
        origin: actor.origin,
        detail,
      },
      executor,
    );
  }

  async function list(executor: Database, tenantId: string): Promise<Profile[]> {
    const { rows, delegations } = await createProfileQueries(executor).listWithDelegations(tenantId);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      ...sharingOf(row),
      separateGrantPerInvitee: row.separateGrantPerInvitee,
      delegatedProfileIds: delegations
        .filter((delegation) => delegation.profileId === row.id)
        .map((delegation) => delegation.delegatedProfileId),
    }));
  }

  async function find(executor: Database, tenantId: string, profileId: string): Promise<Profile> {
    const profile = isUuid(profileId)
      ? (await list(executor, tenantId)).find((candidate) => candidate.id === profileId)
      : undefined;
    if (profile === undefined) {
      throw new AppError('PROFILE_NOT_FOUND', 'No such profile');
    }
    return profile;
  }

  /** Stores name, options and delegations; delegated profiles must be this tenant's, and names unique. */
  async function save(
    executor: Database,
    tenantId: string,
    profileId: string | null,
    values: ReturnType<typeof validateProfile>['values'],
  ): Promise<{ id: string } | ProfileProblem> {
    const queries = createProfileQueries(executor);
    const ownIds = await queries.listIds(tenantId);
    if (values.delegatedProfileIds.some((id) => !ownIds.has(id) && id !== profileId)) {
      return fieldProblem('delegatedProfileIds', 'DELEGATED_PROFILES_INVALID');
    }
    const sameNameId = await queries.findIdByName(tenantId, values.name);
    if (sameNameId !== null && sameNameId !== profileId) {
      return NAME_TAKEN_PROBLEM;
    }
    const { delegatedProfileIds, ...columns } = values;
    let id = profileId;
    if (id === null) {
      id = await queries.insert(tenantId, columns, clock.now());
    } else {
      await queries.update(tenantId, id, columns, clock.now());
      await queries.deleteDelegations(id);
    }
    await queries.insertDelegations(id, delegatedProfileIds);
    return { id };
  }

  return {
    list: (tenantId: string): Promise<Profile[]> => list(db, tenantId),

    find: (tenantId: string, profileId: string): Promise<Profile> => find(db, tenantId, profileId),

    /** Creates or changes a profile; returns the problems instead when the form cannot be stored. */
    async save(
      tenantId: string,
      profileId: string | null,
      input: ProfileInput,
      actor: ProfileActor,
    ): Promise<{ id: string } | { problems: ProfileProblem[] }> {
      const { problems, values } = validateProfile(input);
      if (problems.length > 0) {
        return { problems };
      }
      try {
        return await db.transaction(async (tx) => {
          if (profileId !== null) {
            await find(tx, tenantId, profileId);
          }
          const saved = await save(tx, tenantId, profileId, values);
          if ('field' in saved) {
            return { problems: [saved] };
          }
          await record(
            tx,
            tenantId,
            actor,
            `${profileId === null ? 'Profil angelegt' : 'Profil geändert'}: ${values.name}`,
          );
          return saved;
        });
      } catch (error) {
        // Another request stored the same name between the check in save() and the insert.
        if (takenErrorOf(error)?.code === 'PROFILE_NAME_TAKEN') {
          return { problems: [NAME_TAKEN_PROBLEM] };
        }
        throw error;
      }
    },

    /** A copy with all options and delegations under a new name. */
    async copy(
      tenantId: string,
      profileId: string,
      newName: string,
      actor: ProfileActor,
    ): Promise<{ id: string } | { problems: ProfileProblem[] }> {
      const original = await find(db, tenantId, profileId);
      return this.save(
        tenantId,
        null,
        {
          ...original,
          name: newName,
          linesOfBusiness: original.restrictedLinesOfBusiness.join(', '),
          documentProfile: original.documentProfile ?? '',
          delegatedProfileIds: original.delegatedProfileIds,
        },
        actor,
      );
    },

    /** Deletes the profile; grants keep the options they got from it. */
    async remove(tenantId: string, profileId: string, actor: ProfileActor): Promise<void> {
      await db.transaction(async (tx) => {
        const profile = await find(tx, tenantId, profileId);
        await createProfileQueries(tx).delete(tenantId, profile.id);
        await record(tx, tenantId, actor, `Profil gelöscht: ${profile.name}`);
      });
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
