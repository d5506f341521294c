import { Secret, TOTP } from 'otpauth';
import { deleteSecret, lockSecret } from '../../db/app-secrets.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { hashToken } from '../../shared/tokens.js';
import type { AuditKind, AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { PasswordHasher } from '../credentials/password-hasher.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { identitiesIn } from '../identities/identity-service.js';
import { membershipsIn } from '../memberships/membership-service.js';
import { normalizePassword } from '../password-policy/password-rules.js';
import type { Tenant } from '../tenants/tenant.js';
import { secondFactorAttempt, type ThrottleService } from '../throttling/throttle-service.js';
import {
  RECOVERY_CODE_COUNT,
  formatRecoveryCode,
  generateRecoveryCode,
  normalizeRecoveryCode,
} from './recovery-codes.js';
import { createSecondFactorQueries } from './second-factor-repo.js';
import type { SecondFactorKeys } from './second-factor-key.js';
import { createSecretBox } from './secret-box.js';
import { isUuid } from '../../shared/ids.js';

const PERIOD_SECONDS = 30;
/** One step either side: a phone clock that is up to 30 seconds off still works. */
const WINDOW = 1;
const SECRET_BYTES = 20;
/** How long after they were issued the recovery codes can still be saved as a file. */
const RECOVERY_CODES_DOWNLOAD_MILLISECONDS = 15 * 60 * 1000;

export interface PendingSetup {
  /** Base32, for typing into the app by hand. */
  secret: string;
  /** The otpauth:// URI the QR code carries. */
  uri: string;
}

export type CodeCheck = { kind: 'totp' } | { kind: 'recovery_code'; remaining: number } | { kind: 'wrong' };

/** What proves the person at the keyboard before the factor is removed or codes are renewed. */
export interface Reauthentication {
  password: string;
  code: string;
}

/** Where earlier versions kept the key material, in the database itself (app_secrets). */
const DATABASE_HELD_SECRET = 'second_factor';

export interface ResealOutcome {
  resealed: number;
  alreadyCurrent: number;
  unreadable: number;
}

export function createSecondFactorService(deps: {
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  throttle: ThrottleService;
  audit: AuditService;
  keys: SecondFactorKeys;
}) {
  const { db, clock, hasher, throttle, audit } = deps;
  const box = createSecretBox(deps.keys.current, deps.keys.previous);

  function totpOf(secretBase32: string, label = 'Portico', issuer = 'Portico'): TOTP {
    return new TOTP({
      issuer,
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_SECONDS,
      secret: Secret.fromBase32(secretBase32),
    });
  }

  /** The time step a code belongs to, or null; a step is only accepted once (see useStep). */
  function stepOfCode(secretBase32: string, code: string): number | null {
    if (!/^\d{6}$/.test(code)) {
      return null;
    }
    const timestamp = clock.now().getTime();
    const delta = totpOf(secretBase32).validate({ token: code, timestamp, window: WINDOW });
    return delta === null ? null : TOTP.counter({ period: PERIOD_SECONDS, timestamp }) + delta;
  }

  function openSecret(identityId: string, sealed: string): string | null {
    return box.open(sealed, identityId)?.plaintext ?? null;
  }

  async function issueRecoveryCodes(executor: Database, identityId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
    await createSecondFactorQueries(executor).replaceRecoveryCodes(
      identityId,
      codes.map((code) => hashToken(normalizeRecoveryCode(code)!)),
      clock.now(),
    );
    return codes;
  }

  const record = (
    kind: AuditKind,
    identityId: string,
    tenantId: string | null,
    origin: RequestOrigin,
    executor: Database = db,
  ): Promise<void> => audit.record({ kind, tenantId, identityId, origin }, executor);

  /** A TOTP code or an unused recovery code of a person with a confirmed factor; each works once. */
  async function checkCode(identityId: string, input: string): Promise<CodeCheck> {
    const queries = createSecondFactorQueries(db);
    const factor = await queries.find(identityId);
    if (factor === null || factor.confirmedAt === null) {
      return { kind: 'wrong' };
    }
    const code = input.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) {
      const secret = openSecret(identityId, factor.secretCiphertext);
      const step = secret === null ? null : stepOfCode(secret, code);
      return step !== null && (await queries.useStep(identityId, step)) ? { kind: 'totp' } : { kind: 'wrong' };
    }
    const recovery = normalizeRecoveryCode(input);
    if (recovery !== null && (await queries.useRecoveryCode(identityId, hashToken(recovery), clock.now()))) {
      return { kind: 'recovery_code', remaining: await queries.countUnusedRecoveryCodes(identityId) };
    }
    return { kind: 'wrong' };
  }

  /** Codes are throttled like passwords: per person and per client address, with growing temporary locks. */
  async function checkCodeThrottled(identityId: string, input: string, origin: RequestOrigin): Promise<CodeCheck> {
    const outcome = await throttle.checkWithinLimit(
      secondFactorAttempt(identityId, origin.client),
      () => checkCode(identityId, input),
      {
        isSuccess: (check) => check.kind !== 'wrong',
        onSuccess: 'end_count',
      },
    );
    return outcome ?? { kind: 'wrong' };
  }

  /** The password or a current code, whichever the person gave; wrong guesses count towards the locks. */
  async function reauthenticate(identityId: string, proof: Reauthentication, origin: RequestOrigin): Promise<boolean> {
    if (proof.code.trim() !== '') {
      return (await checkCodeThrottled(identityId, proof.code, origin)).kind !== 'wrong';
    }
    const identity = await identitiesIn(db).findById(identityId);
    if (identity === null || identity.passwordHash === null) {
      return false;
    }
    const passwordHash = identity.passwordHash;
    const password = normalizePassword(proof.password);
    const isCorrect = await throttle.checkWithinLimit(
      { account: identity.email, client: origin.client },
      async () => password !== '' && (await hasher.verifyPassword(passwordHash, password)),
      { isSuccess: (correct) => correct, onSuccess: 'give_back' },
    );
    return isCorrect === true;
  }

  async function hasFactor(identityId: string): Promise<boolean> {
    const factor = await createSecondFactorQueries(db).find(identityId);
    return factor !== null && factor.confirmedAt !== null;
  }

  return {
    hasFactor,

    /**
     * Seals again, with the configured key, what was sealed with the key earlier versions kept in the
     * database, then deletes that key. One transaction: a crash leaves everything as it was, and of
     * processes starting together only the first (holding the row lock) does the work.
     */
    async migrateDatabaseHeldKey(): Promise<number> {
      return db.transaction(async (tx) => {
        const legacySecret = await lockSecret(tx, DATABASE_HELD_SECRET);
        if (legacySecret === null) {
          return 0;
        }
        const legacyBox = createSecretBox(Buffer.from(legacySecret, 'utf8'));
        const queries = createSecondFactorQueries(tx);
        let migrated = 0;
        for (const row of await queries.listSealedSecrets()) {
          const opened = legacyBox.open(row.secretCiphertext, row.identityId);
          if (
            opened !== null &&
            (await queries.replaceSealedSecret(
              row.identityId,
              row.secretCiphertext,
              box.seal(opened.plaintext, row.identityId),
            ))
          ) {
            migrated += 1;
          }
        }
        await deleteSecret(tx, DATABASE_HELD_SECRET);
        return migrated;
      });
    },

    /** After a key rotation: seals every secret opened by a previous key again with the current one. */
    async resealSecrets(): Promise<ResealOutcome> {
      const queries = createSecondFactorQueries(db);
      const outcome: ResealOutcome = { resealed: 0, alreadyCurrent: 0, unreadable: 0 };
      for (const row of await queries.listSealedSecrets()) {
        const opened = box.open(row.secretCiphertext, row.identityId);
        if (opened === null) {
          outcome.unreadable += 1;
        } else if (opened.isSealedWithCurrentKey) {
          outcome.alreadyCurrent += 1;
        } else if (
          await queries.replaceSealedSecret(
            row.identityId,
            row.secretCiphertext,
            box.seal(opened.plaintext, row.identityId),
          )
        ) {
          outcome.resealed += 1;
        }
      }
      return outcome;
    },

    /**
     * The codes the page just showed, for saving as a file: only when every one is an unused code of
     * this person issued within the last minutes. Nothing but hashes is stored, so the page sends the
     * codes back; this check keeps the download from serving anything else or anything later.
     */
    async confirmFreshRecoveryCodes(identityId: string, typed: readonly string[]): Promise<string[] | null> {
      const normalized = typed.map((code) => normalizeRecoveryCode(code));
      if (normalized.length === 0 || normalized.length > RECOVERY_CODE_COUNT) {
        return null;
      }
      const since = new Date(clock.now().getTime() - RECOVERY_CODES_DOWNLOAD_MILLISECONDS);
      const fresh = new Set(await createSecondFactorQueries(db).listUnusedCodeHashesSince(identityId, since));
      const codes: string[] = [];
      for (const code of normalized) {
        if (code === null || !fresh.has(hashToken(code))) {
          return null;
        }
        codes.push(formatRecoveryCode(code));
      }
      return codes;
    },

    countUnusedRecoveryCodes: (identityId: string): Promise<number> =>
      createSecondFactorQueries(db).countUnusedRecoveryCodes(identityId),

    /** Staff of a broker that requires a second factor must set one up before anything else. */
    async isSetupRequired(tenant: Tenant | null, identityId: string): Promise<boolean> {
      if (tenant === null || !tenant.requireStaffSecondFactor) {
        return false;
      }
      const roles = await membershipsIn(db).listRoles(tenant.id, identityId);
      return roles.some((role) => role === 'staff_admin' || role === 'staff_user') && !(await hasFactor(identityId));
    },

    /** A new secret, stored encrypted and not yet in force; an existing confirmed factor stays. */
    async startSetup(identityId: string): Promise<boolean> {
      const secret = new Secret({ size: SECRET_BYTES }).base32;
      const sealed = box.seal(secret, identityId);
      return createSecondFactorQueries(db).upsertPending(identityId, sealed, clock.now());
    },

    /** The set-up in progress, for the QR code and the text to type; null when none is pending. */
    async describePendingSetup(identityId: string, accountLabel: string, issuer: string): Promise<PendingSetup | null> {
      const factor = await createSecondFactorQueries(db).find(identityId);
      if (factor === null || factor.confirmedAt !== null) {
        return null;
      }
      const secret = openSecret(identityId, factor.secretCiphertext);
      return secret === null ? null : { secret, uri: totpOf(secret, accountLabel, issuer).toString() };
    },

    /** The first code from the app puts the factor in force; the recovery codes are returned once and stored only hashed. */
    async confirmSetup(
      identityId: string,
      code: string,
      tenantId: string | null,
      origin: RequestOrigin,
    ): Promise<{ kind: 'confirmed'; recoveryCodes: string[] } | { kind: 'code_wrong' }> {
      const factor = await createSecondFactorQueries(db).find(identityId);
      if (factor === null || factor.confirmedAt !== null) {
        return { kind: 'code_wrong' };
      }
      const sealed = factor.secretCiphertext;
      const step = await throttle.checkWithinLimit(
        secondFactorAttempt(identityId, origin.client),
        async () => {
          const secret = openSecret(identityId, sealed);
          return secret === null ? null : stepOfCode(secret, code.replace(/\s/g, ''));
        },
        { isSuccess: (found) => found !== null, onSuccess: 'give_back' },
      );
      if (step === null) {
        await record('second_factor.failed', identityId, tenantId, origin);
        return { kind: 'code_wrong' };
      }
      const recoveryCodes = await db.transaction(async (tx) => {
        if (!(await createSecondFactorQueries(tx).confirm(identityId, step, clock.now()))) {
          return null;
        }
        const codes = await issueRecoveryCodes(tx, identityId);
        await record('second_factor.added', identityId, tenantId, origin, tx);
        return codes;
      });
      return recoveryCodes === null ? { kind: 'code_wrong' } : { kind: 'confirmed', recoveryCodes };
    },

    /** The second step of a login; records the outcome in the audit log. */
    async verifyLoginCode(
      identityId: string,
      code: string,
      tenantId: string | null,
      origin: RequestOrigin,
    ): Promise<CodeCheck> {
      const outcome = await checkCodeThrottled(identityId, code, origin);
      const kind: AuditKind =
        outcome.kind === 'wrong'
          ? 'second_factor.failed'
          : outcome.kind === 'totp'
            ? 'second_factor.used'
            : 'second_factor.recovery_code_used';
      await record(kind, identityId, tenantId, origin);
      return outcome;
    },

    /** The person's own renewal: the old codes stop working; needs the password or a current code. */
    async renewRecoveryCodes(
      identityId: string,
      proof: Reauthentication,
      tenantId: string | null,
      origin: RequestOrigin,
    ): Promise<string[] | null> {
      if (!(await hasFactor(identityId)) || !(await reauthenticate(identityId, proof, origin))) {
        return null;
      }
      return db.transaction(async (tx) => {
        const codes = await issueRecoveryCodes(tx, identityId);
        await record('second_factor.recovery_codes_renewed', identityId, tenantId, origin, tx);
        return codes;
      });
    },

    /** The person turns the factor off; needs the password or a current code. */
    async removeOwnFactor(
      identityId: string,
      proof: Reauthentication,
      tenantId: string | null,
      origin: RequestOrigin,
    ): Promise<boolean> {
      if (!(await hasFactor(identityId)) || !(await reauthenticate(identityId, proof, origin))) {
        return false;
      }
      await db.transaction(async (tx) => {
        await createSecondFactorQueries(tx).remove(identityId);
        await record('second_factor.removed', identityId, tenantId, origin, tx);
      });
      return true;
    },

    /** Removes a member's factor inside the caller's transaction, once the caller has decided it may. */
    async removeFactorWithin(
      tx: Database,
      tenantId: string,
      identityId: string,
      origin: RequestOrigin,
    ): Promise<'removed' | 'had_none'> {
      if (!(await createSecondFactorQueries(tx).remove(identityId))) {
        return 'had_none';
      }
      await record('second_factor.removed', identityId, tenantId, origin, tx);
      return 'removed';
    },

    /**
     * Staff or an operator remove the factor of a person of their broker, after verifying them on
     * another channel. Somebody of another broker is "not found", exactly like an unknown one.
     */
    async removeFactorOfMember(
      tenantId: string,
      who: { email: string } | { identityId: string },
      origin: RequestOrigin,
    ): Promise<'removed' | 'had_none' | 'not_found'> {
      const identities = identitiesIn(db);
      let identityId: string | null = null;
      if ('email' in who) {
        const email = parseEmailAddress(who.email);
        identityId = email === null ? null : ((await identities.findByEmail(email.canonical))?.id ?? null);
      } else if (isUuid(who.identityId)) {
        identityId = (await identities.findById(who.identityId))?.id ?? null;
      }
      if (identityId === null || !(await membershipsIn(db).hasMembership(tenantId, identityId))) {
        return 'not_found';
      }
      const targetId = identityId;
      return db.transaction(async (tx) => {
        if (!(await createSecondFactorQueries(tx).remove(targetId))) {
          return 'had_none' as const;
        }
        await record('second_factor.removed', targetId, tenantId, origin, tx);
        return 'removed' as const;
      });
    },
  };
}

export { formatRecoveryCode };
export type SecondFactorService = ReturnType<typeof createSecondFactorService>;
