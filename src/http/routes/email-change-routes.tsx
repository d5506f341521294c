import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { requestOrigin } from '../client-address.js';
import { tenantOf, type AppEnv } from '../context.js';
import { readFields } from '../forms.js';
import { Button, CsrfField, Notice } from '../pages/components.js';
import { renderPage } from '../pages/page.js';
import type { Message } from '../../shared/i18n/translator.js';
import { translatorOf, useTranslator } from '../language.js';
import { safeToken } from './password-routes.js';

const UNUSABLE_TEXT = {
  expired: 'Dieser Link ist abgelaufen. Fordern Sie in „Mein Zugang“ einen neuen an.',
  used: 'Dieser Link wurde bereits verwendet.',
  revoked:
    'Dieser Link gilt nicht mehr: Inzwischen wurde ein neuerer Link verschickt oder die Adresse kann nicht mehr übernommen werden.',
  unknown: 'Dieser Link ist ungültig oder unvollständig.',
} as const satisfies Record<string, Message>;

function LinkUnusable(props: { state: keyof typeof UNUSABLE_TEXT }) {
  const t = useTranslator();
  return (
    <section class="card stack">
      <h1>{t('Die Adresse wurde nicht geändert')}</h1>
      <Notice kind="info">
        <p>{t(UNUSABLE_TEXT[props.state])}</p>
      </Notice>
      <p>
        <a class="button button-secondary" href="/login">
          {t('Zur Anmeldung')}
        </a>
      </p>
    </section>
  );
}

/** The link in the mail to the new address: GET only shows a button; its POST makes the change. */
export function emailChangeRoutes({ emailChange }: Pick<Services, 'emailChange'>) {
  const app = new Hono<AppEnv>();

  app.get('/confirm-email-change', async (c) => {
    const token = c.req.query('token');
    const view = await emailChange.describeEmailChangeLink(token, tenantOf(c.get('site')), requestOrigin(c).client);
    const t = translatorOf(c);
    if (view.state !== 'valid') {
      return renderPage(c, { title: t('Link ungültig'), status: 410 }, <LinkUnusable state={view.state} />);
    }
    return renderPage(
      c,
      { title: t('Neue E-Mail-Adresse bestätigen') },
      <section class="card stack">
        <h1>{t('Neue E-Mail-Adresse bestätigen')}</h1>
        <p>{t.rich('Ab jetzt melden Sie sich mit {email} an.', { email: <strong>{view.email}</strong> })}</p>
        <form method="post" action="/confirm-email-change" class="stack">
          <CsrfField token={c.get('csrfToken')} />
          <input type="hidden" name="token" value={safeToken(token)} />
          <Button>{t('Adresse ändern')}</Button>
        </form>
      </section>,
    );
  });

  app.post('/confirm-email-change', async (c) => {
    const { token } = await readFields(c, ['token'] as const);
    const outcome = await emailChange.confirmEmailChange(token, tenantOf(c.get('site')), requestOrigin(c));
    const t = translatorOf(c);
    if (outcome.state !== 'valid') {
      return renderPage(
        c,
        { title: t('Link ungültig'), status: 410, returnTo: `/confirm-email-change?token=${safeToken(token)}` },
        <LinkUnusable state={outcome.state} />,
      );
    }
    return renderPage(
      c,
      { title: t('E-Mail-Adresse geändert'), returnTo: '/' },
      <section class="card stack">
        <h1>{t('E-Mail-Adresse geändert')}</h1>
        <Notice kind="success">
          <p>
            {t('Sie melden sich ab jetzt mit {email} an. Ihre bisherige Adresse haben wir darüber informiert.', {
              email: outcome.email,
            })}
          </p>
        </Notice>
        <p>
          <a class="button" href="/">
            {t('Weiter')}
          </a>
        </p>
      </section>,
    );
  });

  return app;
}
