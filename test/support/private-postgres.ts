import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { required } from '../../src/shared/required.js';

/**
 * A PostgreSQL cluster of the test's own, from the installed server binaries, so a test may stop
 * and restart it without touching the shared server.
 */
export interface PrivatePostgres {
  readonly url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function findBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    return null;
  }
  const versions = readdirSync(root).sort().reverse();
  const found = versions.map((version) => join(root, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
  return found ?? null;
}

/** initdb refuses to run as root, so root runs the server binaries as the postgres user. */
function asServerUser(command: string, args: string[]): void {
  const isRoot = userInfo().uid === 0;
  execFileSync(isRoot ? 'runuser' : command, isRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
    stdio: 'pipe',
    timeout: 60_000,
  });
}

export function isPrivatePostgresAvailable(): boolean {
  if (findBinaries() === null) {
    return false;
  }
  try {
    execFileSync('id', ['postgres'], { stdio: 'pipe' });
    return true;
  } catch {
    return userInfo().uid !== 0;
  }
}

export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = required(findBinaries());
  const directory = mkdtempSync(join(tmpdir(), 'portico-pg-'));
  const dataDir = join(directory, 'data');
  if (userInfo().uid === 0) {
    chownSync(
      directory,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
  }
  asServerUser(join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = (): void =>
    asServerUser(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-o',
      options,
      '-w',
      '-l',
      join(directory, 'server.log'),
      'start',
    ]);
  const stop = (): void => asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
