import { describe, expect, it } from 'vitest';
import { createLogger, formatLogLine, readableDestination } from './logger.js';

describe('formatLogLine', () => {
  it('shows time, level and message first, then the other fields, without pid and hostname', () => {
    const time = new Date(2026, 0, 5, 9, 7, 3, 42).getTime();
    const line = formatLogLine(
      JSON.stringify({
        level: 40,
        time,
        pid: 1,
        hostname: 'h',
        msg: 'mail refused',
        tenant: 'acme',
        attempts: 3,
        to: 'a b',
      }),
    );
    expect(line).toBe('09:07:03.042 WARN  mail refused tenant=acme attempts=3 to="a b"\n');
  });

  it("puts an error's message in the line and its stack indented below", () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 50,
        time: 0,
        msg: 'failed',
        err: { message: 'disk full', stack: 'Error: disk full\n    at x' },
      }),
    );
    const [first, ...rest] = line.trimEnd().split('\n');
    expect(first).toMatch(/ERROR failed err="disk full"$/);
    expect(rest).toEqual(['    Error: disk full', '        at x']);
  });

  it('passes a line that is not JSON through', () => {
    expect(formatLogLine('plain')).toBe('plain\n');
  });
});

describe('createLogger', () => {
  it('writes JSON lines by default to a stream and readable lines when asked, secrets removed in both', () => {
    const json: string[] = [];
    createLogger({ level: 'info', destination: { write: (line: string) => json.push(line) } }).info(
      { password: 'Geheim1!', tenant: 'acme' },
      'login',
    );
    expect(JSON.parse(json[0] ?? '')).toMatchObject({ level: 30, msg: 'login', tenant: 'acme' });
    expect(json[0]).not.toContain('Geheim1!');

    const readable: string[] = [];
    createLogger({ level: 'info', destination: readableDestination((text) => readable.push(text)) }).info(
      { password: 'Geheim1!', tenant: 'acme' },
      'login',
    );
    expect(readable[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}login tenant=acme\n$/);
  });
});
