export interface Identity {
  readonly id: string;
  readonly email: string;
  readonly emailDisplay: string;
  readonly name: string;
  readonly language: 'de' | 'en';
  readonly passwordHash: string | null;
  readonly emailConfirmedAt: Date | null;
}

const NAME_MAX = 120;

/** A person's name as shown in pages and mails: NFC, trimmed, no control characters. */
export function parsePersonName(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > NAME_MAX * 4) {
    return null;
  }
  const name = input.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (name.length === 0 || Array.from(name).length > NAME_MAX || /[\p{Cc}\p{Cf}]/u.test(name)) {
    return null;
  }
  return name;
}
