import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { TenantMemberContext, TenantMemberEnv } from '../context.js';
import { requestOrigin } from '../client-address.js';
import { renderInLanguage, translatorOf } from '../language.js';
import { currentKeptContent, keepContent, keptContentKey, keptHtmlFor } from '../pages/kept-content.js';
import type { NavigationFlags, PortfolioSummary } from '../../modules/visibility/visibility-service.js';
import { attachmentOrNotFound, isMalformedUpload, messageRefusalStatus, readMessageForm } from '../message-form.js';
import { pageErrorOf, type PageError } from '../page-errors.js';
import {
  ConversationListPage,
  ConversationPage,
  ConversationStartPage,
  type StartForm,
} from '../pages/conversation-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import type { Services } from '../../services.js';
import { hasDocumentsBeyond, portalNavFor, portalNavOf, type PortalNavServices } from './portal-nav-state.js';

type ConversationRouteServices = PortalNavServices & Pick<Services, 'conversations'>;

/** What the person's list of conversations shows: kept while the tenant's portfolio and conversations stand. */
const CONVERSATION_SCOPES = ['portfolio', 'conversations'] as const;

/**
 * Mounted under /nachrichten, behind colleagueArea(): the person's conversations with the broker. What they see is the
 * visibility module's decision; unknown ids and another tenant's or grant's conversations all answer the same 404.
 */
export function conversationRoutes(services: ConversationRouteServices) {
  const { conversations, visibility, documents } = services;
  const app = new Hono<TenantMemberEnv>();

  /** `unreadConversations`: the navigation's count, when the page counted it with its rows. */
  async function render(
    c: TenantMemberContext,
    status: 200 | 404 | 413 | 415 | 422,
    title: string,
    body: Child,
    unreadConversations?: number,
  ) {
    return renderPage(
      c,
      {
        title,
        status,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav: await portalNavOf(services, c, 'messages', undefined, undefined, unreadConversations),
      },
      body,
    );
  }

  async function renderStart(
    c: TenantMemberContext,
    status: 200 | 413 | 415 | 422,
    form: StartForm,
    error: PageError | null,
  ) {
    const portfolio = await visibility.portfolioOf(c.var.tenant.id, c.var.session.identityId);
    const contracts = portfolio.contracts.map((contract) => ({
      value: contract.id,
      label: `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
    }));
    const customers = portfolio.customers.map((customer) => ({
      value: customer.id,
      label: `${customer.displayName} (${customer.customerNumber})`,
    }));
    return render(
      c,
      status,
      translatorOf(c)('Nachricht an Ihren Makler'),
      <ConversationStartPage
        form={form}
        contracts={contracts}
        customers={customers}
        error={error}
        csrfToken={c.get('csrfToken')}
      />,
    );
  }

  async function renderConversation(
    c: TenantMemberContext,
    status: 200 | 413 | 415 | 422,
    state: { body: string; error: PageError | null },
  ) {
    try {
      const detail = await conversations.openForPerson(c.var.tenant, c.var.session.identityId, c.req.param('id') ?? '');
      return await render(
        c,
        status,
        detail.conversation.subject,
        <ConversationPage
          detail={detail}
          body={state.body}
          error={state.error}
          isSent={c.req.query('gesendet') !== undefined}
          csrfToken={c.get('csrfToken')}
        />,
      );
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CONVERSATION_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  }

  // The list as decided and rendered at the tenant's portfolio and conversation versions is kept and shown again while
  // they stand; they cover the navigation's count of unread conversations too.
  app.get('/', async (c) => {
    const tenantId = c.var.tenant.id;
    const identityId = c.var.session.identityId;
    const navigationOf = async (summary: PortfolioSummary, navigation: NavigationFlags) =>
      portalNavFor(
        { ...navigation, portfolio: summary, hasDocuments: await hasDocumentsBeyond(documents, summary, c) },
        'messages',
      );
    const key = keptContentKey(c, tenantId, identityId);
    const current = await currentKeptContent(key, CONVERSATION_SCOPES, async () => ({
      versions: await visibility.contentVersionsOf(tenantId),
    }));
    if (current !== undefined) {
      return renderPage(
        c,
        {
          title: current.title,
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
          portalNav: await navigationOf(current.summary, current.navigation),
        },
        keptHtmlFor(c, current),
      );
    }
    const listed = await conversations.listForPerson(tenantId, identityId, {
      cursor: (c.req.query('nach') ?? '').slice(0, 64),
    });
    // The navigation's summary and flags, with the count the page counted with its rows.
    const { navigation, summary } = await visibility.navigationOf(tenantId, identityId, listed.unreadConversations);
    const t = translatorOf(c);
    const html = renderInLanguage(
      t,
      <ConversationListPage
        conversations={listed.items}
        nextCursor={listed.nextCursor}
        isSent={c.req.query('gesendet') !== undefined}
      />,
    );
    keepContent(key, CONVERSATION_SCOPES, {
      versions: listed.contentVersions ?? null,
      title: t('Nachrichten'),
      html,
      summary,
      navigation,
    });
    return renderPage(
      c,
      {
        title: t('Nachrichten'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav: await navigationOf(summary, navigation),
      },
      keptHtmlFor(c, { html }),
    );
  });

  app.get('/neu', async (c) => {
    const contractId = (c.req.query('vertrag') ?? '').slice(0, 64);
    // Mein Zugang's "Löschung meiner Daten beantragen": the wish goes to the broker as a message, who decides.
    if (c.req.query('anliegen') === 'loeschung') {
      const t = translatorOf(c);
      return renderStart(
        c,
        200,
        {
          subject: t('Löschung meiner Daten beantragen'),
          body: t(
            'Bitte löschen Sie meine personenbezogenen Daten, soweit keine Aufbewahrungspflicht entgegensteht, und bestätigen Sie mir die Löschung.',
          ),
          contractId,
          customerId: '',
        },
        null,
      );
    }
    return renderStart(c, 200, { subject: '', body: '', contractId, customerId: '' }, null);
  });

  /** A new conversation with its first message and files: all or nothing, the text kept on a refusal. */
  app.post('/neu', async (c) => {
    const read = await readMessageForm(c);
    if (read.kind === 'refused') return read.response;
    const form: StartForm = {
      subject: read.fields['subject'] ?? '',
      body: read.fields['body'] ?? '',
      contractId: read.fields['contractId'] ?? '',
      customerId: read.fields['customerId'] ?? '',
    };
    try {
      const id = await conversations.startForPerson(c.var.tenant, c.var.session.identityId, form, read.files);
      return c.redirect(`/nachrichten/${id}?gesendet`, 303);
    } catch (error) {
      if (isMalformedUpload(error)) return renderErrorPage(c, 400, 'bad_request');
      const refused = pageErrorOf(error);
      if (refused === null) throw error;
      return renderStart(c, messageRefusalStatus(refused), form, refused);
    }
  });

  app.get('/:id', (c) => renderConversation(c, 200, { body: '', error: null }));

  /** A reply with its files: all or nothing, the text kept on a refusal. */
  app.post('/:id', async (c) => {
    const read = await readMessageForm(c);
    if (read.kind === 'refused') return read.response;
    const body = read.fields['body'] ?? '';
    const id = c.req.param('id');
    try {
      await conversations.replyAsPerson(c.var.tenant, c.var.session.identityId, id, body, read.files);
      return c.redirect(`/nachrichten/${id}?gesendet`, 303);
    } catch (error) {
      if (isMalformedUpload(error)) return renderErrorPage(c, 400, 'bad_request');
      const refused = pageErrorOf(error);
      if (refused?.code === 'CONVERSATION_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      if (refused === null) throw error;
      return renderConversation(c, messageRefusalStatus(refused), { body, error: refused });
    }
  });

  /** A file of a message, checked against the conversation's visibility on every request and recorded. */
  const openAttachment = (c: TenantMemberContext) => () =>
    conversations.openAttachmentForPerson(
      c.var.tenant.id,
      c.var.session.identityId,
      c.req.param('id') ?? '',
      c.req.param('attachmentId') ?? '',
      requestOrigin(c),
    );
  app.get('/:id/anhaenge/:attachmentId', (c) => attachmentOrNotFound(c, openAttachment(c), { isInline: false }));
  app.get('/:id/anhaenge/:attachmentId/ansehen', (c) => attachmentOrNotFound(c, openAttachment(c), { isInline: true }));

  return app;
}
