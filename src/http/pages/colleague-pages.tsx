import type { Colleague, DelegationOffer } from '../../modules/delegations/delegation.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import type { PageError } from '../page-errors.js';
import { useTranslator } from '../language.js';
import { Button, CsrfField, Field, Notice } from './components.js';

type NoticeValue = { kind: 'success' | 'error' | 'info'; text: Message } | null;

export interface ColleagueForm {
  offer: string;
  email: string;
  name: string;
}

/** The value of an offer in the form: which grant of the person, which delegated profile. */
export function offerValue(offer: Pick<DelegationOffer, 'grantId' | 'profileId'>): string {
  return `${offer.grantId}:${offer.profileId}`;
}

const STATE_NAMES: Record<Colleague['state'], Message> = { invited: message('eingeladen'), active: message('aktiv') };

export function ColleaguesPage(props: {
  csrfToken: string;
  offers: DelegationOffer[];
  colleagues: Colleague[];
  form: ColleagueForm;
  error: PageError | null;
  notice: NoticeValue;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <p>
        <a href="/">{t('← Zur Übersicht')}</a>
      </p>
      <h1>{t('Kolleginnen und Kollegen')}</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{t(props.notice.text)}</Notice>}
      <div class="card stack">
        <h2>{t('Von Ihnen eingeladen')}</h2>
        {props.colleagues.length === 0 ? <p>{t('Sie haben noch niemanden eingeladen.')}</p> : null}
        <ul class="list">
          {props.colleagues.map((colleague) => (
            <li>
              <strong>{colleague.name}</strong>{' '}
              <span class="muted">{`${colleague.email} · ${t(STATE_NAMES[colleague.state])}`}</span>
              <p class="muted">{t('Freischaltung: {grant}', { grant: colleague.grantName })}</p>
              <p>
                <a href={`/colleagues/${colleague.grantId}/${colleague.identityId}/remove`}>
                  {t('Zugang von {name} entfernen …', { name: colleague.name })}
                </a>
              </p>
            </li>
          ))}
        </ul>
      </div>
      {props.offers.length === 0 ? null : (
        <div class="card stack">
          <h2>{t('Kollegin oder Kollegen einladen')}</h2>
          {props.error === null ? null : (
            <Notice kind="error" code={props.error.code}>
              {t('Es wurde niemand eingeladen. {reason}', { reason: t.text(props.error.text) })}
            </Notice>
          )}
          <form method="post" action="/colleagues" class="stack">
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-offer">{t('Zugang')}</label>
              <p class="hint" id="field-offer-hint">
                {t(
                  'Je nach Zugang erhält die Person eine eigene Freischaltung („Ihre Freischaltung/E-Mail-Adresse“) oder die gemeinsame Freischaltung dieses Zugangs.',
                )}
              </p>
              <select id="field-offer" name="offer" aria-describedby="field-offer-hint">
                {props.offers.map((offer) => (
                  <option value={offerValue(offer)} selected={props.form.offer === offerValue(offer)}>
                    {t('{profile} – aus „{grant}“', { profile: offer.profileName, grant: offer.grantName })}
                  </option>
                ))}
              </select>
            </div>
            <Field
              label={t('E-Mail-Adresse')}
              name="email"
              type="email"
              autocomplete="off"
              value={props.form.email}
              hint={t(
                'Wer hier noch keinen Zugang hat, erhält eine Einladung per E-Mail; wer hier schon Zugang hat, keine E-Mail: Die Freischaltung gilt sofort.',
              )}
              required
            />
            <Field label={t('Name')} name="name" type="text" autocomplete="off" value={props.form.name} required />
            <Button>{t('Einladen')}</Button>
          </form>
        </div>
      )}
    </section>
  );
}

export function ColleagueRemovePage(props: { csrfToken: string; colleague: Colleague }) {
  const { colleague } = props;
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Zugang von {name} entfernen?', { name: colleague.name })}</h1>
      <div class="card stack">
        <p>
          {t(
            '{name} ({email}) verliert den Zugang über die Freischaltung „{grant}“ sofort – auch in geöffneten Sitzungen, wenn keine andere Freischaltung bleibt.',
            { name: colleague.name, email: colleague.email, grant: colleague.grantName },
          )}
        </p>
        <form method="post" action={`/colleagues/${colleague.grantId}/${colleague.identityId}/remove`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>{t('Ja, Zugang entfernen')}</Button>
        </form>
        <p>
          <a href="/colleagues">{t('Abbrechen')}</a>
        </p>
      </div>
    </section>
  );
}
