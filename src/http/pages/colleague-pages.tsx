import type { Colleague, DelegationOffer } from '../../modules/delegations/delegation.js';
import { Button, CsrfField, Field, Notice } from './components.js';

type NoticeValue = { kind: 'success' | 'error' | 'info'; text: string } | null;

export interface ColleagueForm {
  offer: string;
  email: string;
  name: string;
}

/** The value of an offer in the form: which grant of the person, which delegated profile. */
export function offerValue(offer: Pick<DelegationOffer, 'grantId' | 'profileId'>): string {
  return `${offer.grantId}:${offer.profileId}`;
}

const STATE_NAMES: Record<Colleague['state'], string> = { invited: 'eingeladen', active: 'aktiv' };

export function ColleaguesPage(props: { csrfToken: string; offers: DelegationOffer[]; colleagues: Colleague[]; form: ColleagueForm; error: string | null; notice: NoticeValue }) {
  return (
    <section class="stack">
      <p>
        <a href="/">← Zur Übersicht</a>
      </p>
      <h1>Kolleginnen und Kollegen</h1>
      {props.notice === null ? null : <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <div class="card stack">
        <h2>Von Ihnen eingeladen</h2>
        {props.colleagues.length === 0 ? <p>Sie haben noch niemanden eingeladen.</p> : null}
        <ul class="list">
          {props.colleagues.map((colleague) => (
            <li>
              <strong>{colleague.name}</strong> <span class="muted">{`${colleague.email} · ${STATE_NAMES[colleague.state]}`}</span>
              <p class="muted">{`Freischaltung: ${colleague.grantName}`}</p>
              <p>
                <a href={`/colleagues/${colleague.grantId}/${colleague.identityId}/remove`}>{`Zugang von ${colleague.name} entfernen …`}</a>
              </p>
            </li>
          ))}
        </ul>
      </div>
      {props.offers.length === 0 ? null : (
        <div class="card stack">
          <h2>Kollegin oder Kollegen einladen</h2>
          {props.error === null ? null : <Notice kind="error">{`Es wurde niemand eingeladen. ${props.error}`}</Notice>}
          <form method="post" action="/colleagues" class="stack">
            <CsrfField token={props.csrfToken} />
            <div class="field">
              <label for="field-offer">Zugang</label>
              <p class="hint" id="field-offer-hint">
                Je nach Zugang erhält die Person eine eigene Freischaltung („Ihre Freischaltung/E-Mail-Adresse“) oder die gemeinsame Freischaltung dieses Zugangs.
              </p>
              <select id="field-offer" name="offer" aria-describedby="field-offer-hint">
                {props.offers.map((offer) => (
                  <option value={offerValue(offer)} selected={props.form.offer === offerValue(offer)}>
                    {`${offer.profileName} – aus „${offer.grantName}“`}
                  </option>
                ))}
              </select>
            </div>
            <Field label="E-Mail-Adresse" name="email" type="email" autocomplete="off" value={props.form.email} hint="Unbekannte Adressen erhalten eine Einladung; wer schon ein Passwort hat, hat sofort Zugang und erhält eine Info-E-Mail." required />
            <Field label="Name" name="name" type="text" autocomplete="off" value={props.form.name} required />
            <Button>Einladen</Button>
          </form>
        </div>
      )}
    </section>
  );
}

export function ColleagueRemovePage(props: { csrfToken: string; colleague: Colleague }) {
  const { colleague } = props;
  return (
    <section class="stack">
      <h1>{`Zugang von ${colleague.name} entfernen?`}</h1>
      <div class="card stack">
        <p>{`${colleague.name} (${colleague.email}) verliert den Zugang über die Freischaltung „${colleague.grantName}“ sofort – auch in geöffneten Sitzungen, wenn keine andere Freischaltung bleibt.`}</p>
        <form method="post" action={`/colleagues/${colleague.grantId}/${colleague.identityId}/remove`} class="stack">
          <CsrfField token={props.csrfToken} />
          <Button>Ja, Zugang entfernen</Button>
        </form>
        <p>
          <a href="/colleagues">Abbrechen</a>
        </p>
      </div>
    </section>
  );
}
