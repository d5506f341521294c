import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { translatorFor, type Message } from '../../shared/i18n/translator.js';
import type { AppEnv, PageContext, Site } from '../context.js';
import { languageOf } from '../language.js';
import { brandingOfTenant, renderDocument } from './layout.js';

export type ErrorKind =
  | 'unknown_host'
  | 'not_found'
  | 'csrf'
  | 'bad_request'
  | 'too_large'
  | 'unsupported_media'
  | 'too_many_links'
  | 'unavailable'
  | 'conflict'
  | 'bad_encoding'
  | 'server_error';

const TEXTS: Record<ErrorKind, { title: Message; message: Message }> = {
  unknown_host: {
    title: 'Dieses Portal gibt es hier nicht',
    message:
      'Unter dieser Adresse ist kein Kundenportal eingerichtet. Bitte prüfen Sie die Adresse oder verwenden Sie den Link aus der E-Mail Ihres Maklers.',
  },
  not_found: { title: 'Seite nicht gefunden', message: 'Diese Seite gibt es nicht. Bitte prüfen Sie die Adresse.' },
  csrf: {
    title: 'Bitte versuchen Sie es noch einmal',
    message:
      'Das Formular war veraltet oder kam nicht von dieser Seite. Laden Sie die Seite neu und senden Sie es erneut. Es wurde nichts gespeichert.',
  },
  bad_request: {
    title: 'Das Formular war unvollständig',
    message:
      'Einige Angaben fehlten oder waren doppelt. Bitte öffnen Sie die Seite erneut und füllen Sie das Formular noch einmal aus. Es wurde nichts gespeichert.',
  },
  too_large: { title: 'Zu viele Daten', message: 'Die gesendeten Daten sind zu groß. Es wurde nichts gespeichert.' },
  too_many_links: {
    title: 'Zu viele ungültige Links',
    message:
      'Von Ihrem Anschluss wurden in kurzer Zeit viele ungültige Links geöffnet. Bitte warten Sie einige Minuten und öffnen Sie dann den Link aus Ihrer E-Mail erneut.',
  },
  unsupported_media: {
    title: 'Das Formular konnte nicht gelesen werden',
    message: 'Bitte senden Sie das Formular über die Seite. Es wurde nichts gespeichert.',
  },
  unavailable: {
    title: 'Vorübergehend nicht erreichbar',
    message:
      'Das Portal ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute erneut. Ihre Eingaben wurden nicht gespeichert.',
  },
  bad_encoding: {
    title: 'Unlesbare Zeichen im Formular',
    message:
      'Das Formular enthielt unlesbare Zeichen. Bitte geben Sie alles erneut ein. Nichts wurde gespeichert, Links aus E-Mails bleiben gültig.',
  },
  conflict: {
    title: 'Schon vergeben',
    message:
      'Dieser Name oder diese Adresse wurde soeben vergeben. Bitte laden Sie die Seite neu und wählen Sie einen anderen. Nichts wurde gespeichert.',
  },
  server_error: {
    title: 'Ein Fehler ist aufgetreten',
    message: 'Das hat leider nicht geklappt. Bitte versuchen Sie es in einigen Minuten erneut.',
  },
};

/** Every error a person can meet: a plain page in the person's language, no details of the failure. */
export function renderErrorPage<E extends AppEnv>(c: PageContext<E>, status: ContentfulStatusCode, kind: ErrorKind) {
  const site: Site | undefined = c.get('site');
  const branding = site?.kind === 'tenant' ? brandingOfTenant(site.tenant) : null;
  const language = languageOf(c);
  const t = translatorFor(language);
  const text = TEXTS[kind];
  const csrfToken = c.get('csrfToken');
  c.status(status);
  return c.html(
    renderDocument({
      title: t(text.title),
      language,
      branding,
      nonce: c.get('nonce') ?? '',
      // To the start page: an error page's address may be anything someone typed, and is not reflected.
      languageSwitch: csrfToken ? { csrfToken, returnTo: '/' } : undefined,
      children: (
        <section class="card stack">
          <h1>{t(text.title)}</h1>
          <p>{t(text.message)}</p>
          <p>
            <a class="button button-secondary" href="/">
              {t('Zur Startseite')}
            </a>
          </p>
        </section>
      ),
    }),
  );
}
