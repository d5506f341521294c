export type ActionTokenPurpose =
  | 'invitation'
  | 'email_confirmation'
  | 'password_reset'
  | 'login_ticket'
  | 'host_handoff'
  | 'second_factor_ticket'
  | 'email_change'
  | 'email_change_request';

export interface ActionToken {
  readonly id: string;
  readonly purpose: ActionTokenPurpose;
  readonly tenantId: string | null;
  readonly identityId: string;
  readonly email: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly boundTo: string | null;
  readonly linkOpenedAt: Date | null;
  readonly createdAt: Date;
}

export type ActionTokenState = 'valid' | 'expired' | 'used' | 'revoked';

export function stateOfToken(token: ActionToken, now: Date): ActionTokenState {
  if (token.usedAt !== null) {
    return 'used';
  }
  if (token.revokedAt !== null) {
    return 'revoked';
  }
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}
