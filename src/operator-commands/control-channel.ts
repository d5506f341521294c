import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { expectedErrorOf } from '../db/database-errors.js';
import { generateToken, constantTimeEqual } from '../shared/tokens.js';
import { AppError } from '../shared/errors.js';
import type { Services } from '../services.js';
import { isCommandName, runCommand, type CommandName } from './commands.js';

/**
 * While the portal runs on the embedded database it owns the data folder, so the CLI hands its
 * commands to it over a Unix socket inside that folder. Only the folder's owner can reach the
 * socket (mode 0600), and each request must carry the token from a 0600 file beside it.
 *
 * The answer is one JSON object per line: `{"line": …}` for each line a command emits as it goes
 * (a row committed), then the CommandResult. A portal that dies mid-command leaves the CLI with
 * the lines it emitted, which are exactly the work that was committed.
 */
const SOCKET_FILE = 'portico.sock';
const TOKEN_FILE = 'control.token';
/** A batch of 1,000 portfolio items is some 500 KB of JSON; the socket is the owner's alone. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export interface CommandResult {
  ok: boolean;
  lines: string[];
  code?: string;
}

/** What the CLI sends: one command with its arguments. Checked, as the socket is a boundary like any other. */
const COMMAND_REQUEST = z.object({ command: z.string(), args: z.record(z.string(), z.unknown()) });

/** One line of the portal's answer: a line the command emitted, or the result that ends the answer. */
const ANSWER_LINE = z.union([
  z.object({ line: z.string() }),
  z.object({ ok: z.boolean(), lines: z.array(z.string()), code: z.string().optional() }),
]);

export function socketPathOf(dataDir: string): string {
  return join(dataDir, SOCKET_FILE);
}

export async function startControlChannel(dataDir: string, services: Services): Promise<{ close(): Promise<void> }> {
  const socketPath = socketPathOf(dataDir);
  const tokenPath = join(dataDir, TOKEN_FILE);
  const token = generateToken();
  writeFileSync(tokenPath, token, { mode: 0o600 });
  // The data folder's lock is held, so a socket file still there was left by a process that died.
  rmSync(socketPath, { force: true });
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
      }
    });
    incoming.on('end', () => {
      outgoing.writeHead(200, { 'content-type': 'application/x-ndjson' });
      // The CLI learns at once that the command was taken, so a portal dying later reads as "stopped", not "unreachable".
      outgoing.flushHeaders();
      const emit = (line: string): void => {
        outgoing.write(`${JSON.stringify({ line })}\n`);
      };
      void handle(Buffer.concat(chunks).toString('utf8'), incoming.headers['x-portico-token'], emit).then((result) => {
        outgoing.end(`${JSON.stringify(result)}\n`);
      });
    });
  });

  async function handle(
    body: string,
    presented: string | string[] | undefined,
    emit: (line: string) => void,
  ): Promise<CommandResult> {
    if (typeof presented !== 'string' || !constantTimeEqual(presented, token)) {
      return { ok: false, lines: ['Not authorised'], code: 'CONTROL_CHANNEL_FAILED' };
    }
    try {
      const parsed = COMMAND_REQUEST.safeParse(JSON.parse(body));
      if (!parsed.success || !isCommandName(parsed.data.command)) {
        return { ok: false, lines: ['Unknown command'], code: 'CONTROL_CHANNEL_FAILED' };
      }
      return { ok: true, lines: await runCommand(services, parsed.data.command, parsed.data.args, emit) };
    } catch (error) {
      const expected = expectedErrorOf(error);
      if (expected !== null) {
        return { ok: false, lines: [expected.message], code: expected.code };
      }
      services.logger.error({ err: error }, 'control command failed');
      return {
        ok: false,
        lines: ['The command failed; see the portal log for details'],
        code: 'CONTROL_CHANNEL_FAILED',
      };
    }
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolvePromise());
  });
  chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        rmSync(tokenPath, { force: true });
      }),
  };
}

/** Sends one command to the running portal that holds the data folder; `onLine` gets each line the command emits as it goes. */
export function sendCommand(
  dataDir: string,
  command: CommandName,
  args: Record<string, unknown>,
  onLine: (line: string) => void = () => undefined,
): Promise<CommandResult> {
  const tokenPath = join(dataDir, TOKEN_FILE);
  if (!existsSync(tokenPath)) {
    return Promise.reject(
      new AppError(
        'CONTROL_CHANNEL_FAILED',
        'The running portal has not opened its command channel yet; try again in a moment',
      ),
    );
  }
  const token = readFileSync(tokenPath, 'utf8');
  const body = JSON.stringify({ command, args });
  return new Promise((resolvePromise, reject) => {
    let result: CommandResult | null = null;
    let hasAnswerBegun = false;
    const fail = (error: AppError): void => {
      if (result === null) reject(error);
    };
    const outgoing = request(
      {
        socketPath: socketPathOf(dataDir),
        path: '/command',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-portico-token': token },
      },
      (incoming) => {
        hasAnswerBegun = true;
        let pending = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          pending += chunk;
          for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
            const text = pending.slice(0, end);
            pending = pending.slice(end + 1);
            try {
              const message = ANSWER_LINE.parse(JSON.parse(text));
              if ('line' in message) {
                onLine(message.line);
              } else {
                result = message;
              }
            } catch {
              outgoing.destroy();
              fail(new AppError('CONTROL_CHANNEL_FAILED', 'The running portal sent an unreadable answer'));
            }
          }
        });
        incoming.on('error', () => undefined);
        incoming.on('close', () => {
          if (result !== null) {
            resolvePromise(result);
          } else {
            fail(
              new AppError(
                'CONTROL_CHANNEL_FAILED',
                'The running portal stopped before the command finished (see its log)',
              ),
            );
          }
        });
      },
    );
    outgoing.on('error', (error) =>
      fail(
        new AppError(
          'CONTROL_CHANNEL_FAILED',
          hasAnswerBegun
            ? `The running portal stopped before the command finished (${error.message}; see its log)`
            : `Could not reach the running portal: ${error.message}`,
        ),
      ),
    );
    outgoing.end(body);
  });
}
