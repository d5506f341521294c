import { describe, expect, it } from 'vitest';
import { delegatedGrantName, toColleagues } from './delegation.js';

describe('delegatedGrantName', () => {
  it('names a grant of its own after the invitee, a shared one after the profile', () => {
    expect(
      delegatedGrantName(
        { grantName: 'Firma Stein', profileName: 'Mitarbeiter', isSeparateGrantPerInvitee: true },
        'karl@example.com',
      ),
    ).toBe('Firma Stein/karl@example.com');
    expect(
      delegatedGrantName(
        { grantName: 'Firma Stein', profileName: 'Mitarbeiter', isSeparateGrantPerInvitee: false },
        'karl@example.com',
      ),
    ).toBe('Firma Stein/Mitarbeiter');
  });
});

describe('toColleagues', () => {
  it('lists members with their state and leaves out grants nobody uses', () => {
    const base = { grantId: 'g1', grantName: 'Firma Stein/Team', sourceGrantId: 's', sourceGrantName: 'Firma Stein' };
    expect(
      toColleagues([
        { ...base, memberId: 'a', memberName: 'Anna', memberEmail: 'anna@example.com', hasAcceptedAccess: true },
        { ...base, memberId: 'b', memberName: 'Ben', memberEmail: 'ben@example.com', hasAcceptedAccess: false },
        { ...base, grantId: 'g2', memberId: null, memberName: null, memberEmail: null, hasAcceptedAccess: false },
      ]).map((colleague) => [colleague.name, colleague.state]),
    ).toEqual([
      ['Anna', 'active'],
      ['Ben', 'invited'],
    ]);
  });
});
