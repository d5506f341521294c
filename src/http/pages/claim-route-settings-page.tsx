import { CLAIM_ROUTES, type ClaimRoute } from '../../modules/claims/claim.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import type { ShownError } from '../page-errors.js';
import { AdminNav } from './admin-nav.js';
import { Button, CsrfField, Field, Notice } from './components.js';
import { sparteNameIn } from './sparte-names.js';

const ROUTE_LABELS: Readonly<Record<ClaimRoute, Message>> = {
  HPV: message('HPV – Haftpflicht'),
  KFZ: message('KFZ – Kraftfahrt'),
  SACH: message('SACH – Sachversicherung'),
  TECH: message('TECH – Technische Versicherung'),
  TRANS: message('TRANS – Transport'),
  DEFAULT: message('DEFAULT – allgemeine Fragen'),
};

/**
 * The workspace's "Schadenrouten": for each route the Sparten (GDV codes) whose claims ask its questions, as one text
 * field each; a refusal shows at its field with the form as sent.
 */
export function ClaimRouteSettingsPage(props: {
  csrfToken: string;
  values: Record<ClaimRoute, string>;
  /** The Sparten each route has now, for their names under the fields. */
  mapping: Record<ClaimRoute, string[]>;
  refusal: (ShownError & { field: string | null }) | null;
  isSaved: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack admin">
      <AdminNav current="settings" role="staff_admin" />
      <p>
        <a href="/admin/settings">{t('← Zu den Einstellungen')}</a>
      </p>
      <h1>{t('Schadenrouten')}</h1>
      <p>
        {t(
          'Die Sparte des Vertrags entscheidet, welche Fragen eine Schadenmeldung stellt. Tragen Sie je Route die dreistelligen GDV-Schlüssel der Sparten ein, getrennt durch Kommas. Sparten, die nirgends stehen, und Schäden ohne Vertrag erhalten die allgemeinen Fragen (DEFAULT).',
        )}
      </p>
      {props.isSaved ? (
        <Notice kind="success">
          <p>{t('Die Schadenrouten sind gespeichert.')}</p>
        </Notice>
      ) : null}
      {props.refusal !== null && props.refusal.field === null ? (
        <Notice kind="error" code={props.refusal.code}>
          <p>{t.text(props.refusal.text)}</p>
        </Notice>
      ) : null}
      <form method="post" action="/admin/settings/schadenrouten" class="stack">
        <CsrfField token={props.csrfToken} />
        {CLAIM_ROUTES.map((route) => (
          <Field
            label={t(ROUTE_LABELS[route])}
            name={route}
            type="text"
            value={props.values[route]}
            hint={
              props.mapping[route].length === 0
                ? route === 'DEFAULT'
                  ? t('Alle übrigen Sparten.')
                  : t('Keine Sparte.')
                : props.mapping[route].map((code) => `${code} ${sparteNameIn(t, code)}`).join(' · ')
            }
            error={props.refusal?.field === route ? t.text(props.refusal.text) : undefined}
            errorCode={props.refusal?.field === route ? props.refusal.code : undefined}
          />
        ))}
        <Button>{t('Speichern')}</Button>
      </form>
    </section>
  );
}
