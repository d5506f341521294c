import { isValidElement } from 'hono/jsx';
import { describe, expect, it } from 'vitest';
import type { ServiceRequest } from '../../modules/conversations/service-request.js';
import { translatorFor } from '../../shared/i18n/translator.js';
import { renderInLanguage } from '../language.js';
import { RequestFieldsCard, RequestFormPage, type RequestForm } from './request-pages.js';

function markup(element: unknown, language: 'de' | 'en' = 'de'): string {
  if (!isValidElement(element)) throw new Error('Not an element');
  return renderInLanguage(translatorFor(language), element);
}

const form: RequestForm = {
  kind: 'contract_add',
  values: { insurer: 'Allianz', sparte: '040', yearlyPremium: '12,3,4' },
  problems: { yearlyPremium: { code: 'REQUEST_PREMIUM_INVALID', text: 'Bitte geben Sie den Jahresbeitrag an.' } },
  customers: [
    { value: 'c1', label: 'Max Kunde (K1)' },
    { value: 'c2', label: 'Erika Kunde (K2)' },
  ],
  grants: [],
  isPrivacyNoticeAsked: false,
  csrfToken: 'token',
};

describe('request pages', () => {
  it('marks required fields, keeps what was typed and shows each problem at its field', () => {
    const html = markup(<RequestFormPage form={form} />);
    expect(html).toContain('<input type="hidden" name="_csrf" value="token"/>');
    expect(html).toMatch(
      /<label for="field-insurer">Versicherer<span class="required"> \(Erforderlich\)<\/span><\/label>/,
    );
    expect(html).toContain('value="Allianz"');
    expect(html).toContain('<option value="040" selected="">');
    expect(html).toContain('data-error-code="REQUEST_PREMIUM_INVALID"');
    expect(html).toMatch(/id="field-yearlyPremium"[^>]*aria-invalid="true"/);
    expect(html).toContain('name="customerId"');
    // Above the form, the way to the first problem; the form's own refusal ('') is a notice, not an answer to find.
    expect(html).toContain('Eine Angabe fehlt oder passt nicht.');
    expect(html).toContain('<a href="#field-yearlyPremium" id="first-problem">Zur ersten markierten Angabe</a>');
    const refused = markup(
      <RequestFormPage form={{ ...form, problems: { '': { code: 'REQUEST_PREMIUM_INVALID', text: 'Abgelehnt.' } } }} />,
    );
    expect(refused).not.toContain('id="first-problem"');
  });

  it('shows the fields with labels in the reader’s language', () => {
    const request: ServiceRequest = {
      kind: 'data_change',
      fields: {
        address: { street: 'Ringstraße 5', postcode: '50667', city: 'Köln', movingDate: '2027-03-01' },
        bankAccount: { iban: 'DE89370400440532013000', accountHolder: 'Max Kunde' },
        phone: null,
        name: null,
        note: null,
      },
    };
    const german = markup(<RequestFieldsCard request={request} />);
    expect(german).toContain(
      '<dt>Neue Bankverbindung</dt><dd class="pre-line">DE89 3704 0044 0532 0130 00\nMax Kunde</dd>',
    );
    expect(german).toContain('Umzug am 01.03.2027');
    expect(german).not.toContain('Neue Telefonnummer');
    const english = markup(<RequestFieldsCard request={request} />, 'en');
    expect(english).toContain('<h2>Request: Change my details</h2>');
    expect(english).toContain('<dt>New address</dt>');
  });
});
