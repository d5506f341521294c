import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  raw: string;
  parsed: ParsedMail;
}

/**
 * How the server answers a recipient: accept, refuse with an SMTP reply code, never answer, or accept each mail only
 * after a delay.
 */
export type SmtpBehaviour =
  | { kind: 'accept' }
  | { kind: 'refuse'; code: number; message: string }
  | { kind: 'hang' }
  | { kind: 'slow'; milliseconds: number };

export interface SmtpReceiver {
  readonly url: string;
  readonly mails: ReceivedMail[];
  setBehaviour(behaviour: SmtpBehaviour): void;
  /** The most SMTP connections that were open at the same time. */
  readonly maxOpenConnections: number;
  /** Mails whose data has arrived and whose reply is still held back (the 'slow' behaviour). */
  readonly heldReplies: number;
  /** Waits for the next mail to that address that arrives after the call or was not taken yet. */
  waitForMail(to: string, options?: { timeoutMilliseconds?: number }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback; mails it receives are parsed and kept for the test to read. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters = new Set<() => void>();
  let behaviour: SmtpBehaviour = { kind: 'accept' };
  let openConnections = 0;
  let maxOpenConnections = 0;
  let heldReplies = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Many mails in a row over pooled connections; the default allows fewer.
    maxClients: 100,
    // At close, clients' idle pooled connections are ended (421) at once instead of after the default 30 s:
    // the receiver closes only when a test is done with it, and nothing a test checks arrives after that.
    closeTimeout: 1,
    onConnect(_session, callback) {
      openConnections += 1;
      maxOpenConnections = Math.max(maxOpenConnections, openConnections);
      callback();
    },
    onClose() {
      openConnections -= 1;
    },
    onRcptTo(_address, _session, callback) {
      if (behaviour.kind === 'refuse') {
        callback(Object.assign(new Error(behaviour.message), { responseCode: behaviour.code }));
      } else if (behaviour.kind === 'accept' || behaviour.kind === 'slow') {
        callback();
      }
      // 'hang': no answer at all, as a stuck server would do.
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          if (behaviour.kind === 'slow') {
            heldReplies += 1;
            await new Promise((resolve) => setTimeout(resolve, (behaviour as { milliseconds: number }).milliseconds));
            heldReplies -= 1;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              mails.push({
                to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
                from: parsed.from?.text ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
                raw,
                parsed,
              });
              waiters.forEach((wake) => wake());
              callback();
            },
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
        })();
      });
    },
  });
  // A client killed mid-conversation resets its connection; that is a test's scenario, not a failure of the receiver.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  function takeMail(to: string): ReceivedMail | undefined {
    const mail = mails.find((candidate) => !taken.has(candidate) && candidate.to.includes(to.toLowerCase()));
    if (mail !== undefined) {
      taken.add(mail);
    }
    return mail;
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    setBehaviour(next) {
      behaviour = next;
    },
    get maxOpenConnections() {
      return maxOpenConnections;
    },
    get heldReplies() {
      return heldReplies;
    },
    waitForMail(to, options = {}) {
      const timeout = options.timeoutMilliseconds ?? 10_000;
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const mail = takeMail(to);
          if (mail !== undefined) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(mail);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `No mail to ${to} within ${timeout} ms (received: ` +
                `${mails.map((mail) => mail.to.join(',')).join('; ') || 'none'})`,
            ),
          );
        }, timeout);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        behaviour = { kind: 'accept' };
        server.close(() => resolve());
      }),
  };
}

/** The first link in a mail's text that points at the given path. */
export function linkFrom(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s]*`).exec(mail.text);
  if (match === null) {
    throw new Error(`No link to ${path} in mail "${mail.subject}":\n${mail.text}`);
  }
  return match[0];
}
