import { describe, expect, it } from 'vitest';
import { describeDeliveryFailure } from './delivery-failure.js';

describe('describeDeliveryFailure', () => {
  it("names an unknown address with the server's own reply", () => {
    expect(
      describeDeliveryFailure(
        'failed',
        "Can't send mail - all recipients were rejected: 550 5.1.1 <ida@example.com>: Recipient address " +
          'rejected: User unknown',
      ),
    ).toBe(
      'Der Mailserver des Empfängers kennt diese Adresse nicht oder nimmt für sie keine E-Mails an. Bitte ' +
        'prüfen Sie die Adresse. (Antwort des Mailservers: 550 <ida@example.com>: Recipient address rejected: ' +
        'User unknown)',
    );
  });

  it('tells a full mailbox, a refusal, a temporary refusal after two days, a silent and an unreachable server apart', () => {
    expect(describeDeliveryFailure('failed', 'Message failed: 552 Mailbox full')).toMatch(
      /^Das Postfach des Empfängers ist voll\. \(Antwort des Mailservers: 552 Mailbox full\)$/,
    );
    expect(describeDeliveryFailure('failed', 'Message failed: 554 5.7.1 Spam')).toMatch(
      /^Der Mailserver des Empfängers hat die E-Mail abgelehnt\./,
    );
    expect(
      describeDeliveryFailure('abandoned', "Can't send mail - all recipients were rejected: 421 Try again later"),
    ).toBe(
      'Nach zwei Tagen mit wiederholten Versuchen aufgegeben. Der Mailserver des Empfängers hat die E-Mail ' +
        'vorübergehend abgewiesen. (Antwort des Mailservers: 421 Try again later)',
    );
    expect(describeDeliveryFailure('abandoned', 'Timeout')).toBe(
      'Nach zwei Tagen mit wiederholten Versuchen aufgegeben. Der Mailserver hat nicht rechtzeitig geantwortet.',
    );
    expect(describeDeliveryFailure('abandoned', 'connect ECONNREFUSED 127.0.0.1:25')).toMatch(
      /Der Mailserver war nicht erreichbar\.$/,
    );
    expect(describeDeliveryFailure('failed', null)).toBe('Die E-Mail konnte nicht zugestellt werden.');
  });
});
