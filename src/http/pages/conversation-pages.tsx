import type { ConversationDetail, ConversationSummary, MessageView } from '../../modules/conversations/conversation.js';
import {
  MAX_MESSAGE_ATTACHMENT_BYTES,
  MAX_MESSAGE_ATTACHMENTS,
  type MessageAttachmentView,
} from '../../modules/conversations/conversation-attachment.js';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Translator } from '../../shared/i18n/translator.js';
import { isViewable } from '../download-response.js';
import { escapedHtml } from '../html-text.js';
import { useTranslator } from '../language.js';
import type { PageError } from '../page-errors.js';
import { Button, CsrfField, errorAt, Field, FieldError, Notice, Pager } from './components.js';
import { KIND_NAMES, RequestFieldsCard } from './request-pages.js';
import { formatSize } from './document-pages.js';

/** The field name of a message's files; the form's last field, so the text arrives before any file. */
export const ATTACHMENT_FIELD = 'anhaenge';

/**
 * "Anhänge (freiwillig)": several files at once, from the camera or the files on a phone. The server decides the type
 * by the bytes anyway; the browser cannot keep chosen files when a refused form comes back, so the label says so.
 */
export function AttachmentField() {
  const t = useTranslator();
  return (
    <div class="field">
      <label for="field-anhaenge">{t('Anhänge (freiwillig)')}</label>
      <p class="hint" id="field-anhaenge-hint">
        {t('PDF, JPEG, PNG, HEIC oder TIFF; bis zu {files} Dateien, zusammen höchstens {max} MB', {
          files: MAX_MESSAGE_ATTACHMENTS,
          max: MAX_MESSAGE_ATTACHMENT_BYTES / (1024 * 1024),
        })}
      </p>
      <input
        id="field-anhaenge"
        name={ATTACHMENT_FIELD}
        type="file"
        multiple
        accept="image/*,application/pdf"
        aria-describedby="field-anhaenge-hint"
      />
    </div>
  );
}

/** A message's files: each downloads, and PDF, JPEG and PNG can be viewed in the browser ("Ansehen"). */
function AttachmentList(props: { attachments: MessageAttachmentView[]; hrefBase: string }) {
  const t = useTranslator();
  if (props.attachments.length === 0) return null;
  return (
    <ul class="attachment-list" aria-label={t('Anhänge')}>
      {props.attachments.map((attachment) => (
        <li data-attachment-id={attachment.id}>
          <a href={`${props.hrefBase}/anhaenge/${attachment.id}`} download>
            {attachment.name}
          </a>{' '}
          · {formatSize(attachment.size, t.language)}
          {isViewable(attachment) ? (
            <>
              {' · '}
              <a href={`${props.hrefBase}/anhaenge/${attachment.id}/ansehen`} target="_blank" rel="noopener">
                {t('Ansehen')}
                <span class="visually-hidden">: {attachment.name}</span>
              </a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface ChoiceOption {
  value: string;
  label: string;
}

/**
 * The list's rows as one escaped string, as the contract list writes its rows: Hono's JSX costs a few microseconds
 * for each of a row's elements and fragments, and a page has fifty rows.
 */
function conversationRowsHtml(
  conversations: readonly ConversationSummary[],
  options: { hrefOf: (id: string) => string; t: Translator },
): HtmlEscapedString {
  const { hrefOf, t } = options;
  const closed = ` · ${escapedHtml(t('Abgeschlossen'))}`;
  const unread = ` · ${escapedHtml(t('Ungelesen'))}`;
  let html = '';
  for (const item of conversations) {
    const subject = escapedHtml(item.subject);
    html +=
      `<li data-conversation-id="${escapedHtml(item.id)}"${item.isUnread ? ' data-unread="true"' : ''}>` +
      `<a href="${escapedHtml(hrefOf(item.id))}">${item.isUnread ? `<strong>${subject}</strong>` : subject}</a>` +
      (item.isUnread ? unread : '') +
      (item.kind === 'message' ? '' : ` · ${escapedHtml(t(KIND_NAMES[item.kind]))}`) +
      ` · ${escapedHtml(item.customerName ?? t('Neuer Kunde'))}` +
      (item.contractLabel === null ? '' : ` · ${escapedHtml(item.contractLabel)}`) +
      ` · ${escapedHtml(t.dateTime(item.lastMessageAt))}` +
      (item.status === 'closed' ? closed : '') +
      '</li>';
  }
  return raw(html);
}

function ConversationList(props: { conversations: ConversationSummary[]; hrefOf: (id: string) => string }) {
  const t = useTranslator();
  if (props.conversations.length === 0) return <p>{t('Noch keine Nachrichten.')}</p>;
  return (
    <ul class="stack conversation-list">{conversationRowsHtml(props.conversations, { hrefOf: props.hrefOf, t })}</ul>
  );
}

/** The portal's "Nachrichten": unread first, then by newest message. */
export function ConversationListPage(props: {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  isSent: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Nachrichten')}</h1>
      {props.isSent ? (
        <Notice kind="success">
          <p>{t('Ihre Nachricht wurde gesendet.')}</p>
        </Notice>
      ) : null}
      <p class="actions">
        <a class="button" href="/nachrichten/neu">
          {t('Nachricht an Ihren Makler')}
        </a>{' '}
        <a class="button button-secondary" href="/anliegen">
          {t('Neues Anliegen')}
        </a>
      </p>
      <div class="card stack">
        <ConversationList conversations={props.conversations} hrefOf={(id) => `/nachrichten/${id}`} />
      </div>
      <Pager
        previous={null}
        next={props.nextCursor === null ? null : `/nachrichten?nach=${encodeURIComponent(props.nextCursor)}`}
      />
    </section>
  );
}

function BodyField(props: { value: string; error: PageError | null; label: string }) {
  const t = useTranslator();
  const shown = errorAt(t, props.error, 'body');
  return (
    <div class="field">
      <label for="field-body">{props.label}</label>
      {shown.error === undefined ? null : (
        <FieldError id="field-body-error" code={shown.errorCode}>
          {shown.error}
        </FieldError>
      )}
      <textarea
        id="field-body"
        name="body"
        rows={8}
        maxlength={10000}
        required
        aria-describedby={shown.error === undefined ? undefined : 'field-body-error'}
        aria-invalid={shown.error === undefined ? undefined : 'true'}
      >
        {props.value}
      </textarea>
    </div>
  );
}

function SelectField(props: {
  name: string;
  label: string;
  options: ChoiceOption[];
  value: string;
  error: PageError | null;
  emptyLabel: string | null;
}) {
  const t = useTranslator();
  const shown = errorAt(t, props.error, props.name);
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {shown.error === undefined ? null : (
        <FieldError id={`${id}-error`} code={shown.errorCode}>
          {shown.error}
        </FieldError>
      )}
      <select id={id} name={props.name} aria-invalid={shown.error === undefined ? undefined : 'true'}>
        {props.emptyLabel === null ? null : <option value="">{props.emptyLabel}</option>}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface StartForm {
  subject: string;
  body: string;
  contractId: string;
  customerId: string;
}

/** "Nachricht an Ihren Makler": subject, text, and optionally the contract (or, for several, the customer). */
export function ConversationStartPage(props: {
  form: StartForm;
  contracts: ChoiceOption[];
  customers: ChoiceOption[];
  error: PageError | null;
  csrfToken: string;
}) {
  const t = useTranslator();
  const { form, error } = props;
  const isNoticeShown = error !== null && error.field === null;
  return (
    <section class="stack">
      <h1>{t('Nachricht an Ihren Makler')}</h1>
      {isNoticeShown ? (
        <Notice kind="error" code={error.code}>
          <p>{t.text(error.text)}</p>
        </Notice>
      ) : null}
      <form method="post" action="/nachrichten/neu" enctype="multipart/form-data" class="card stack">
        <CsrfField token={props.csrfToken} />
        <Field
          label={t('Betreff')}
          name="subject"
          type="text"
          value={form.subject}
          required
          {...errorAt(t, error, 'subject')}
        />
        {props.contracts.length === 0 ? null : (
          <SelectField
            name="contractId"
            label={t('Vertrag (freiwillig)')}
            options={props.contracts}
            value={form.contractId}
            error={error}
            emptyLabel={t('Kein bestimmter Vertrag')}
          />
        )}
        {props.customers.length < 2 ? null : (
          <SelectField
            name="customerId"
            label={t('Für wen schreiben Sie?')}
            options={props.customers}
            value={form.customerId}
            error={error}
            emptyLabel={t('Bitte wählen')}
          />
        )}
        <BodyField value={form.body} error={error} label={t('Ihre Nachricht')} />
        <AttachmentField />
        <Button>{t('Nachricht senden')}</Button>
      </form>
    </section>
  );
}

function MessageItem(props: { message: MessageView; isStaffView: boolean; hrefBase: string }) {
  const t = useTranslator();
  const { message } = props;
  const author =
    message.authorKind === 'person'
      ? (message.authorName ?? t('Kunde'))
      : props.isStaffView && message.authorKind === 'crm'
        ? t('Bestandsverwaltung (CRM)')
        : (message.authorName ?? t('Ihr Makler'));
  return (
    <li
      class={message.isInternal ? 'card stack message message-internal' : 'card stack message'}
      data-message-id={message.id}
      data-internal={message.isInternal ? 'true' : undefined}
    >
      <p class="hint">
        {author} · {t.dateTime(message.createdAt)}
        {message.isInternal ? <> · {t('Interne Notiz (für Kunden nicht sichtbar)')}</> : null}
      </p>
      <p class="pre-line">{message.body}</p>
      <AttachmentList attachments={message.attachments} hrefBase={props.hrefBase} />
    </li>
  );
}

/** The messages in order, each with its files under `hrefBase` (the portal's or the workspace's conversation path). */
export function MessageThread(props: { detail: ConversationDetail; isStaffView: boolean; hrefBase: string }) {
  return (
    <ol class="stack message-thread">
      {props.detail.messages.map((message) => (
        <MessageItem message={message} isStaffView={props.isStaffView} hrefBase={props.hrefBase} />
      ))}
    </ol>
  );
}

/** One conversation in the portal, with the reply form; a closed one opens again with a reply. */
export function ConversationPage(props: {
  detail: ConversationDetail;
  body: string;
  error: PageError | null;
  isSent: boolean;
  csrfToken: string;
}) {
  const t = useTranslator();
  const { conversation } = props.detail;
  const base = `/nachrichten/${conversation.id}`;
  const otherError = props.error !== null && props.error.field !== 'body' ? props.error : null;
  return (
    <section class="stack">
      <p>
        <a href="/nachrichten">{t('← Zu meinen Nachrichten')}</a>
      </p>
      <h1>{conversation.subject}</h1>
      <p class="hint">
        {conversation.customerName ?? t('Neuer Kunde')}
        {conversation.contractLabel === null ? null : ` · ${conversation.contractLabel}`}
        {conversation.status === 'closed' ? <> · {t('Abgeschlossen')}</> : null}
      </p>
      {props.isSent ? (
        <Notice kind="success">
          <p>{t('Ihre Nachricht wurde gesendet.')}</p>
        </Notice>
      ) : null}
      {conversation.request === null ? null : <RequestFieldsCard request={conversation.request} />}
      <MessageThread detail={props.detail} isStaffView={false} hrefBase={base} />
      {props.detail.isReplyAllowed ? (
        <form method="post" action={base} enctype="multipart/form-data" class="card stack" id="antwort">
          <CsrfField token={props.csrfToken} />
          {otherError === null ? null : (
            <Notice kind="error" code={otherError.code}>
              <p>{t.text(otherError.text)}</p>
            </Notice>
          )}
          {conversation.status === 'closed' ? (
            <p class="hint">
              {t('Dieser Vorgang ist abgeschlossen. Mit einer neuen Nachricht öffnen Sie ihn wieder.')}
            </p>
          ) : null}
          <BodyField value={props.body} error={props.error} label={t('Antwort')} />
          <AttachmentField />
          <Button>{t('Antwort senden')}</Button>
        </form>
      ) : (
        <p class="hint" data-reply="not-allowed" data-error-code={errorAt(t, props.error, 'body').errorCode}>
          {t(
            'Auf diese Nachricht können Sie im Kundenportal noch nicht antworten. Bitte wenden Sie sich direkt an Ihren Makler.',
          )}
        </p>
      )}
    </section>
  );
}
