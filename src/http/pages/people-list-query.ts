import { isLifecycleStep } from '../../modules/people/invitation-lifecycle.js';
import {
  PERSON_STATES,
  type PeopleCursor,
  type PeopleSort,
  type PeopleTableQuery,
  type PersonStateInTenant,
} from '../../modules/people/people-repo.js';
import { required } from '../../shared/required.js';

/** One page of the table of people. */
export const PEOPLE_PAGE_SIZE = 50;

/** The table's sort columns as they appear in the address bar. */
export const SORT_PARAMETERS: Record<string, PeopleSort> = {
  name: 'name',
  adresse: 'email',
  status: 'state',
  anmeldung: 'last_login',
};

export const KIND_PARAMETERS = ['policyholder', 'intermediary', 'staff'] as const;

/** What the address bar says about the table: filter, search, sort and where the page begins. */
export interface PeopleListParameters {
  search: string;
  status: string;
  kind: string;
  grantId: string;
  sort: string;
  direction: 'auf' | 'ab';
  after: string;
  before: string;
}

export function readPeopleListParameters(read: (name: string) => string | undefined): PeopleListParameters {
  const value = (name: string, length = 200) => (read(name) ?? '').slice(0, length);
  const status = value('status', 40);
  const kind = value('art', 20);
  const sort = value('sortierung', 20);
  return {
    search: value('suche').normalize('NFC').trim(),
    status: isStatusFilter(status) ? status : '',
    kind: (KIND_PARAMETERS as readonly string[]).includes(kind) ? kind : '',
    grantId: value('freischaltung', 36),
    sort: SORT_PARAMETERS[sort] === undefined ? 'name' : sort,
    direction: value('richtung', 4) === 'ab' ? 'ab' : 'auf',
    after: value('nach', 400),
    before: value('vor', 400),
  };
}

function isStatusFilter(value: string): boolean {
  return value === 'locked' || isLifecycleStep(value) || (PERSON_STATES as readonly string[]).includes(value);
}

/** A cursor in the address bar: the sort key and id of the row a page begins after (or ends before). */
export function encodeCursor(cursor: PeopleCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): PeopleCursor | null {
  if (text === '') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string'
      ? { key: value[0], id: value[1] }
      : null;
  } catch {
    return null;
  }
}

export function toTableQuery(parameters: PeopleListParameters): PeopleTableQuery {
  const before = decodeCursor(parameters.before);
  const after = decodeCursor(parameters.after);
  return {
    scope: {
      ...(parameters.search === '' ? {} : { search: parameters.search }),
      ...(parameters.kind === '' ? {} : { kind: parameters.kind as (typeof KIND_PARAMETERS)[number] }),
      ...(parameters.grantId === '' ? {} : { grantId: parameters.grantId }),
    },
    ...(parameters.status === '' ? {} : { status: parameters.status as PersonStateInTenant }),
    sort: required(SORT_PARAMETERS[parameters.sort]),
    direction: parameters.direction === 'ab' ? 'desc' : 'asc',
    cursor: before ?? after,
    isBackward: before !== null,
    limit: PEOPLE_PAGE_SIZE,
  };
}

/** The address of the table with these parameters changed; empty ones are left out. */
export function peopleListHref(parameters: PeopleListParameters, changes: Partial<PeopleListParameters>): string {
  const next = { ...parameters, ...changes };
  const entries: Array<[string, string]> = [
    ['suche', next.search],
    ['status', next.status],
    ['art', next.kind],
    ['freischaltung', next.grantId],
    ['sortierung', next.sort === 'name' ? '' : next.sort],
    ['richtung', next.direction === 'auf' ? '' : next.direction],
    ['nach', next.after],
    ['vor', next.before],
  ];
  const query = new URLSearchParams(entries.filter(([, value]) => value !== '')).toString();
  return query === '' ? '/admin/people' : `/admin/people?${query}`;
}
