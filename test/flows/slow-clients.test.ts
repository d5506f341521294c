import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const HEADERS_TIMEOUT_SECONDS = 1;
const MAX_CONNECTIONS = 4;

function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => {});
    const closed = new Promise<number>((resolveClosed) => socket.once('close', () => resolveClosed(performance.now())));
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

/** The server's own limits against slow and idle clients, on a real process with short values. */
describe(`slow clients (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null = null;
  let portico: PorticoProcess;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    database = databaseKind === 'postgres' ? await createTestDatabase() : null;
    portico = await startPorticoProcess({
      smtpUrl: smtp.url,
      database: database ?? { environment: {} },
      environment: {
        HTTP_HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_SECONDS),
        HTTP_REQUEST_TIMEOUT_SECONDS: '2',
        HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '4',
        HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      },
    });
  }, 60_000);
  afterAll(async () => {
    await portico?.stop();
    await database?.drop();
    await smtp?.close();
  });

  it('cuts off a client that sends its headers a byte at a time, after the headers timeout', async () => {
    const client = await open(portico.port);
    const startedAt = performance.now();
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    const trickle = setInterval(() => client.socket.writable && client.socket.write('X'), 200);
    try {
      const closedAt = await client.closed;
      const seconds = (closedAt - startedAt) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_SECONDS * 0.9);
      // The timeout plus at most one check interval (a quarter of it) and a busy machine's slack.
      expect(seconds).toBeLessThan(HEADERS_TIMEOUT_SECONDS + 2);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
  });

  it('keeps an idle keep-alive connection open past the headers timeout for the proxy to reuse', async () => {
    const client = await open(portico.port);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await expect.poll(() => client.received()).toMatch(/^HTTP\/1\.1 200/);
    const idleFrom = performance.now();
    await expect
      .poll(() => performance.now() - idleFrom, { timeout: 5_000, interval: 100 })
      .toBeGreaterThan((HEADERS_TIMEOUT_SECONDS + 1.5) * 1000);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await expect.poll(() => client.received().match(/HTTP\/1\.1 200/g)?.length ?? 0).toBe(2);
    client.socket.destroy();
  });

  it('closes connections beyond the limit at once and serves the others', async () => {
    const clients = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open(portico.port)));
    const extra = await open(portico.port);
    await extra.closed;
    expect(extra.received()).toBe('');
    required(clients[0]).socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await expect.poll(() => required(clients[0]).received()).toMatch(/^HTTP\/1\.1 200/);
    clients.forEach((client) => client.socket.destroy());
  });
});
