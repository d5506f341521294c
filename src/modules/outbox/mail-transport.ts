import type { Transporter } from 'nodemailer';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { createOutboxQueries } from './outbox-repo.js';

export interface OutgoingMail {
  outboxId: string;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'dev-mailbox';
  /** How many sends it can carry at the same time (for SMTP: the pooled connections). */
  readonly concurrency: number;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A transport failure, with whether trying again later can help (SMTP 4xx and network) or not (5xx). */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super(message);
  }
}

export interface SmtpTimeouts {
  connectMilliseconds: number;
  /** How long a silent server may keep us waiting for any reply. */
  replyMilliseconds: number;
}

const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMilliseconds: 10_000, replyMilliseconds: 30_000 };

/** Connections kept open to the SMTP server; the outbox sends a batch over them side by side. */
export const DEFAULT_SMTP_POOL_SIZE = 5;

export function createSmtpTransport(
  smtpUrl: string,
  timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS,
  poolSize = DEFAULT_SMTP_POOL_SIZE,
): MailTransport {
  const url = new URL(smtpUrl);
  const isImplicitTls = url.protocol === 'smtps:';
  const options = {
    pool: true,
    host: url.hostname,
    port: url.port === '' ? (isImplicitTls ? 465 : 587) : Number(url.port),
    secure: isImplicitTls,
    ...(url.username === ''
      ? {}
      : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    maxConnections: poolSize,
    connectionTimeout: timeouts.connectMilliseconds,
    greetingTimeout: timeouts.replyMilliseconds,
    socketTimeout: timeouts.replyMilliseconds,
  } as const;
  // Loaded with the first mail, so a process starts without it (one on the development mailbox never loads it).
  let transporter: Promise<Transporter> | null = null;
  const transporterOf = (): Promise<Transporter> =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options)));
  return {
    kind: 'smtp',
    concurrency: poolSize,
    async send(mail) {
      try {
        await (
          await transporterOf()
        ).sendMail({
          from: { name: mail.fromName, address: mail.fromAddress },
          to: mail.to,
          ...(mail.replyTo === null ? {} : { replyTo: mail.replyTo }),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          // Names come from brokers' data; nodemailer encodes them, and control characters never reach here.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode;
        const isPermanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
        throw new MailDeliveryError(error instanceof Error ? error.message : String(error), isPermanent);
      }
    },
    close: () => void transporter?.then((opened) => opened.close()),
  };
}

/** Outside production without SMTP_URL: mails land in a table and are shown at /_dev/mail. */
export function createDevMailboxTransport(deps: { db: Database; clock: Clock }): MailTransport {
  return {
    kind: 'dev-mailbox',
    concurrency: 1,
    async send(mail) {
      await createOutboxQueries(deps.db).insertDevMail({
        outboxId: mail.outboxId,
        fromHeader: `${mail.fromName} <${mail.fromAddress}>`,
        toAddress: mail.to,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        createdAt: deps.clock.now(),
      });
    },
    close: () => undefined,
  };
}
