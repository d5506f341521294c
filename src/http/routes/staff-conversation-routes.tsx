import { Hono } from 'hono';
import type { StaffContext, StaffEnv } from '../context.js';
import { staffOrigin } from '../client-address.js';
import { readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { attachmentOrNotFound, isMalformedUpload, messageRefusalStatus, readMessageForm } from '../message-form.js';
import { pageErrorOf, type PageError } from '../page-errors.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { StaffConversationPage, StaffInboxPage } from '../pages/staff-conversation-pages.js';
import { INBOX_VIEWS, type InboxView } from '../../modules/conversations/conversation.js';
import { CONVERSATION_KINDS } from '../../modules/conversations/service-request.js';
import type { Services } from '../../services.js';

const textOf = (value: string | string[] | null | undefined): string => (typeof value === 'string' ? value : '');

function viewOf(value: string | undefined): InboxView {
  return INBOX_VIEWS.find((view) => view === value) ?? 'mine';
}

/** Workspace → Nachrichten, under /admin: the tenant's conversations with customers. */
export function staffConversationRoutes({ conversations }: Pick<Services, 'conversations'>) {
  const app = new Hono<StaffEnv>();

  async function renderConversation(
    c: StaffContext,
    status: 200 | 409 | 413 | 415 | 422,
    state: { body: string; error: PageError | null },
  ) {
    try {
      const [detail, staff] = await Promise.all([
        conversations.openForStaff(c.var.tenant, c.var.session.identityId, c.req.param('id') ?? ''),
        conversations.staffChoices(c.var.tenant.id),
      ]);
      return renderPage(
        c,
        { title: detail.conversation.subject, status, headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
        <StaffConversationPage
          role={c.var.staffRole}
          detail={detail}
          staff={staff}
          body={state.body}
          error={state.error}
          csrfToken={c.get('csrfToken')}
        />,
      );
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CONVERSATION_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  }

  /** Runs a change; a refusal shows the conversation again with its message, an unknown id the 404 page. */
  async function change(c: StaffContext, run: () => Promise<unknown>, body = '') {
    try {
      await run();
      return c.redirect(`/admin/nachrichten/${c.req.param('id') ?? ''}`, 303);
    } catch (error) {
      if (isMalformedUpload(error)) return renderErrorPage(c, 400, 'bad_request');
      const refused = pageErrorOf(error);
      if (refused?.code === 'CONVERSATION_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      if (refused === null) throw error;
      return renderConversation(c, messageRefusalStatus(refused), { body, error: refused });
    }
  }

  /**
   * A reply to the customer, or (`/notiz`, or a plain form's `kind=note`) an internal note, with its files: all or
   * nothing, the text kept on a refusal.
   */
  async function post(c: StaffContext, isNote: boolean) {
    const read = await readMessageForm(c);
    if (read.kind === 'refused') return read.response;
    const body = read.fields['body'] ?? '';
    const isInternal = isNote || read.fields['kind'] === 'note';
    return change(
      c,
      () =>
        conversations.replyAsStaff(
          c.var.tenant,
          c.var.session.identityId,
          c.req.param('id') ?? '',
          { body, isInternal },
          staffOrigin(c),
          read.files,
        ),
      body,
    );
  }

  app.get('/nachrichten', async (c) => {
    const view = viewOf(c.req.query('ansicht'));
    const isUnreadOnly = c.req.query('ungelesen') !== undefined;
    const kind = CONVERSATION_KINDS.find((item) => item === c.req.query('art')) ?? null;
    const page = await conversations.listForStaff(
      c.var.tenant.id,
      c.var.session.identityId,
      { view, isUnreadOnly, kind },
      { cursor: (c.req.query('nach') ?? '').slice(0, 64) },
    );
    return renderPage(
      c,
      { title: translatorOf(c)('Nachrichten'), headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
      <StaffInboxPage
        role={c.var.staffRole}
        view={view}
        isUnreadOnly={isUnreadOnly}
        kind={kind}
        conversations={page.items}
        nextCursor={page.nextCursor}
      />,
    );
  });

  app.get('/nachrichten/:id', (c) => renderConversation(c, 200, { body: '', error: null }));

  app.post('/nachrichten/:id', (c) => post(c, false));
  app.post('/nachrichten/:id/notiz', (c) => post(c, true));

  /** A file of a message of the tenant's conversation (internal notes' too), recorded as the staff's download. */
  const openAttachment = (c: StaffContext) => () =>
    conversations.openAttachmentForStaff(
      c.var.tenant.id,
      c.var.session.identityId,
      c.req.param('id') ?? '',
      c.req.param('attachmentId') ?? '',
      staffOrigin(c),
    );
  app.get('/nachrichten/:id/anhaenge/:attachmentId', (c) =>
    attachmentOrNotFound(c, openAttachment(c), { isInline: false }),
  );
  app.get('/nachrichten/:id/anhaenge/:attachmentId/ansehen', (c) =>
    attachmentOrNotFound(c, openAttachment(c), { isInline: true }),
  );

  app.post('/nachrichten/:id/zuweisen', async (c) => {
    const assignee = textOf((await readForm(c))['assignee']);
    return change(c, () =>
      conversations.assign(c.var.tenant.id, c.req.param('id'), assignee === '' ? null : assignee, staffOrigin(c)),
    );
  });

  app.post('/nachrichten/:id/status', async (c) => {
    const status = textOf((await readForm(c))['status']) === 'open' ? 'open' : 'closed';
    return change(c, () => conversations.setStatus(c.var.tenant.id, c.req.param('id'), status, staffOrigin(c)));
  });

  return app;
}
