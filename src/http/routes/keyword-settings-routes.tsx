import { Hono } from 'hono';
import type { Services } from '../../services.js';
import type { ErrorStatus } from '../../shared/error-registry.js';
import type { Message } from '../../shared/i18n/translator.js';
import { requestOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { readCheckbox, readFields } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf } from '../page-errors.js';
import { renderErrorPage } from '../pages/error-page.js';
import {
  KeywordSettingsPage,
  type KeywordFormRefusal,
  type KeywordFormValues,
} from '../pages/keyword-settings-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { adminOnly } from './settings-routes.js';
import { ConfirmActionPage } from '../pages/confirm-action-page.js';
import { keywordChangeHref, keywordDeletionConsequence, RenameKeywordPage } from '../pages/keyword-change-pages.js';
import { isAppError } from '../../shared/errors.js';

const NOTICES: Record<string, Message> = {
  hinzugefuegt: 'Das Schlagwort ist hinzugefügt.',
  gespeichert: 'Das Schlagwort ist gespeichert.',
  umbenannt: 'Das Schlagwort ist umbenannt.',
  geloescht: 'Das Schlagwort ist gelöscht.',
};

/** The keyword a rename or delete names in its query: as sent, cut so a huge one is not read whole. */
const keywordOfQuery = (c: StaffContext): string => (c.req.query('schlagwort') ?? '').slice(0, 200);

/** What a refused form shows again: cut, so a huge field does not come back whole. */
const shownValues = (values: KeywordFormValues): KeywordFormValues => ({
  ...values,
  keyword: values.keyword.slice(0, 200),
  explanation: values.explanation.slice(0, 2000),
});

/**
 * Mounted in the workspace under /admin/settings/schlagwoerter, for administrators only (others find nothing): the
 * document keywords, each with "sichtbar" (the profile "Standard"), "wichtig" (the contract page's "Wichtige
 * Dokumente") and its explanation; adding one. Every change is recorded in the Protokoll.
 */
export function keywordSettingsRoutes({ documents }: Pick<Services, 'documents'>) {
  const app = new Hono<StaffEnv>();
  app.use('/settings/schlagwoerter', adminOnly);
  app.use('/settings/schlagwoerter/*', adminOnly);

  async function render(c: StaffContext, status: 200 | ErrorStatus, refusal: KeywordFormRefusal | null) {
    const flag = Object.keys(c.req.queries())[0] ?? '';
    return renderPage(
      c,
      {
        title: translatorOf(c)('Schlagwörter der Dokumente'),
        status,
        returnTo: '/admin/settings/schlagwoerter',
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <KeywordSettingsPage
        csrfToken={c.get('csrfToken')}
        keywords={await documents.keywordSettingsOf(c.var.tenant.id)}
        refusal={refusal}
        notice={refusal === null ? (NOTICES[flag] ?? null) : null}
      />,
    );
  }

  async function readValues(c: StaffContext): Promise<KeywordFormValues> {
    const { keyword, explanation } = await readFields(c, ['keyword', 'explanation'] as const);
    return {
      keyword,
      explanation,
      isVisible: await readCheckbox(c, 'isVisible'),
      isImportant: await readCheckbox(c, 'isImportant'),
    };
  }

  /** Runs a change; a refusal shows the page again with the form as sent, a missing keyword is the 404 page. */
  async function change(
    c: StaffContext,
    form: KeywordFormRefusal['form'],
    values: KeywordFormValues,
    action: () => Promise<void>,
    done: string,
  ) {
    try {
      await action();
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused === null) {
        throw error;
      }
      if (refused.status === 404) {
        return renderErrorPage(c, 404, 'not_found');
      }
      return render(c, refused.status, { form, values: shownValues(values), error: refused });
    }
    return c.redirect(done, 303);
  }

  app.get('/settings/schlagwoerter', (c) => render(c, 200, null));

  app.post('/settings/schlagwoerter', async (c) => {
    const values = await readValues(c);
    const actor = { identityId: c.var.session.identityId, origin: requestOrigin(c) };
    return change(
      c,
      'add',
      values,
      () => documents.addKeyword(c.var.tenant.id, values, actor),
      '/admin/settings/schlagwoerter?hinzugefuegt',
    );
  });

  app.post('/settings/schlagwoerter/aendern', async (c) => {
    const values = await readValues(c);
    const actor = { identityId: c.var.session.identityId, origin: requestOrigin(c) };
    return change(
      c,
      { keyword: values.keyword },
      values,
      () => documents.updateKeyword(c.var.tenant.id, values, actor),
      '/admin/settings/schlagwoerter?gespeichert',
    );
  });

  /** The keyword's settings for its rename or delete; null for one the tenant does not have (the 404 page). */
  async function keywordOrNull(c: StaffContext, keyword: string) {
    return documents.keywordForChange(c.var.tenant.id, keyword).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'KEYWORD_NOT_FOUND') return null;
      throw error;
    });
  }

  async function renderRename(
    c: StaffContext,
    status: 200 | ErrorStatus,
    keyword: string,
    newKeyword: string,
    error: KeywordFormRefusal['error'] | null,
  ) {
    const found = await keywordOrNull(c, keyword);
    if (found === null) return renderErrorPage(c, 404, 'not_found');
    const t = translatorOf(c);
    return renderPage(
      c,
      {
        title: t('Schlagwort umbenennen'),
        status,
        returnTo: '/admin/settings/schlagwoerter',
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <RenameKeywordPage
        csrfToken={c.get('csrfToken')}
        keyword={found.keyword}
        documents={found.documents}
        newKeyword={newKeyword.slice(0, 200)}
        error={error}
      />,
    );
  }

  app.get('/settings/schlagwoerter/umbenennen', (c) => {
    const keyword = keywordOfQuery(c);
    return renderRename(c, 200, keyword, keyword, null);
  });

  app.post('/settings/schlagwoerter/umbenennen', async (c) => {
    const { keyword, newKeyword } = await readFields(c, ['keyword', 'newKeyword'] as const);
    const actor = { identityId: c.var.session.identityId, origin: requestOrigin(c) };
    try {
      await documents.renameKeyword(c.var.tenant.id, { keyword, newKeyword }, actor);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused === null) throw error;
      if (refused.status === 404) return renderErrorPage(c, 404, 'not_found');
      return renderRename(c, refused.status, keyword, newKeyword, refused);
    }
    return c.redirect('/admin/settings/schlagwoerter?umbenannt', 303);
  });

  /** Deleting a keyword asks first, saying what happens to the documents that carry it. */
  app.get('/settings/schlagwoerter/loeschen', async (c) => {
    const found = await keywordOrNull(c, keywordOfQuery(c));
    if (found === null) return renderErrorPage(c, 404, 'not_found');
    const t = translatorOf(c);
    return renderPage(
      c,
      {
        title: t('Schlagwort löschen: Bitte bestätigen'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <ConfirmActionPage
        role={c.var.staffRole}
        current="settings"
        csrfToken={c.get('csrfToken')}
        title={t('Schlagwort „{keyword}“ löschen?', { keyword: found.keyword })}
        subject={<strong>{found.keyword}</strong>}
        consequence={keywordDeletionConsequence(t, found)}
        action={keywordChangeHref('loeschen', found.keyword)}
        confirmLabel={t('Jetzt löschen')}
        cancelHref="/admin/settings/schlagwoerter"
      />,
    );
  });

  app.post('/settings/schlagwoerter/loeschen', async (c) => {
    const actor = { identityId: c.var.session.identityId, origin: requestOrigin(c) };
    try {
      await documents.deleteKeyword(c.var.tenant.id, keywordOfQuery(c), actor);
    } catch (error) {
      if (isAppError(error) && error.code === 'KEYWORD_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
    return c.redirect('/admin/settings/schlagwoerter?geloescht', 303);
  });

  return app;
}
