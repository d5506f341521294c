import type { ClaimHistoryEntry, ClaimView } from '../../modules/claims/claim.js';
import { claimAnswerEntries, CLAIM_STATUS_NAMES } from '../../modules/claims/claim-labels.js';
import { MAX_DAMAGED_ITEMS } from '../../modules/claims/claim-answers.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { useTranslator } from '../language.js';
import type { ClaimAttachmentView } from '../../modules/claims/claim-attachment.js';
import type { ShownError } from '../page-errors.js';
import { ClaimAttachmentList, ClaimAttachmentsEditor } from './claim-attachment-pages.js';
import { Button, CsrfField, FieldError, Notice } from './components.js';
import { ProblemSummary, QuestionField, QuestionLabel, type ShownProblem } from './question-field.js';
import { formatEuro } from './portfolio-format.js';

export { CLAIM_STATUS_NAMES };

const STEP_TITLES: Readonly<Record<number, Message>> = {
  1: message('Was ist passiert?'),
  2: message('Polizei und Beteiligte'),
  3: message('Fragen zur Sparte'),
  4: message('Konto für die Auszahlung'),
  5: message('Nachricht und Absenden'),
};

export interface ClaimStepForm {
  claimId: string;
  contractName: string;
  route: ClaimView['route'];
  step: number;
  values: Record<string, string>;
  problems: Record<string, ShownProblem>;
  notice: ShownProblem | null;
  csrfToken: string;
  /** The last step's attachments and the refusal of the last upload, if any. */
  attachments?: { items: ClaimAttachmentView[]; error: ShownError | null };
  /** The claim's grant asks for release by a second person: the last step sends it there. */
  needsRelease: boolean;
  /** Why the claim came back from its release, shown until it is sent again. */
  returnComment: string | null;
}

type InputKind = 'text' | 'date' | 'time' | 'textarea' | 'yesno' | 'amount';

function Question(props: {
  form: ClaimStepForm;
  name: string;
  label: string;
  kind: InputKind;
  isRequired?: boolean;
  hint?: string;
}) {
  const t = useTranslator();
  const { kind, isRequired } = props;
  return (
    <QuestionField
      {...props}
      labelIn={kind === 'yesno' ? 'legend' : 'label'}
      control={({ value, attributes }) =>
        kind === 'textarea' ? (
          <textarea {...attributes} rows={4} required={isRequired ?? false}>
            {value}
          </textarea>
        ) : kind === 'yesno' ? (
          <fieldset id={attributes.id} aria-describedby={attributes['aria-describedby']}>
            <legend>
              <QuestionLabel label={props.label} isRequired={isRequired} />
            </legend>
            <label>
              <input type="radio" name={props.name} value="ja" checked={value === 'ja'} /> {t('Ja')}
            </label>
            <label>
              <input type="radio" name={props.name} value="nein" checked={value === 'nein'} /> {t('Nein')}
            </label>
          </fieldset>
        ) : (
          <input
            {...attributes}
            type={kind === 'amount' ? 'text' : kind}
            inputmode={kind === 'amount' ? 'decimal' : undefined}
            value={value}
            required={isRequired ?? false}
          />
        )
      }
    />
  );
}

function StepQuestions(props: { form: ClaimStepForm }) {
  const t = useTranslator();
  const { form } = props;
  switch (form.step) {
    case 1:
      return (
        <>
          <Question form={form} name="lossDate" label={t('Datum des Schadens')} kind="date" isRequired />
          <Question form={form} name="lossTime" label={t('Uhrzeit')} kind="time" isRequired />
          <Question form={form} name="place" label={t('Ort')} kind="text" isRequired />
          <Question form={form} name="description" label={t('Was ist passiert?')} kind="textarea" isRequired />
          <Question
            form={form}
            name="amount"
            label={t('Geschätzte Schadenhöhe in Euro')}
            kind="amount"
            hint={t('Zum Beispiel 1.250,00')}
          />
        </>
      );
    case 2:
      return (
        <>
          <Question form={form} name="police" label={t('War die Polizei beteiligt?')} kind="yesno" isRequired />
          <Question form={form} name="policeFileNumber" label={t('Aktenzeichen der Polizei')} kind="text" />
          <Question form={form} name="otherParties" label={t('Weitere Beteiligte')} kind="textarea" />
          <Question form={form} name="witnesses" label={t('Zeugen')} kind="textarea" />
        </>
      );
    case 3:
      return <RouteQuestions form={form} />;
    case 4:
      return (
        <>
          <Question form={form} name="iban" label={t('IBAN')} kind="text" isRequired />
          <Question form={form} name="accountHolder" label={t('Kontoinhaber')} kind="text" isRequired />
        </>
      );
    default:
      return <Question form={form} name="message" label={t('Nachricht an Ihren Makler')} kind="textarea" />;
  }
}

function RouteQuestions(props: { form: ClaimStepForm }) {
  const t = useTranslator();
  const { form } = props;
  if (form.route === 'KFZ') {
    return (
      <>
        <Question form={form} name="plate" label={t('Kennzeichen')} kind="text" isRequired />
        <Question form={form} name="driver" label={t('Fahrer oder Fahrerin')} kind="text" isRequired />
        <Question form={form} name="otherVehicle" label={t('Anderes Fahrzeug (Kennzeichen)')} kind="text" />
        <Question form={form} name="otherInsurer" label={t('Versicherer des anderen Fahrzeugs')} kind="text" />
        <Question form={form} name="ownDamage" label={t('Schaden am eigenen Fahrzeug')} kind="textarea" />
        <Question form={form} name="towed" label={t('Wurde das Fahrzeug abgeschleppt?')} kind="yesno" isRequired />
      </>
    );
  }
  if (form.route === 'HPV') {
    return (
      <>
        <Question form={form} name="injuredParty" label={t('Geschädigte Person')} kind="text" isRequired />
        <Question
          form={form}
          name="relation"
          label={t('Ihre Beziehung zur geschädigten Person')}
          kind="text"
          isRequired
        />
        <Question form={form} name="damagedWhat" label={t('Was wurde beschädigt?')} kind="textarea" isRequired />
      </>
    );
  }
  if (form.route === 'SACH') {
    return (
      <>
        <p>{t('Bitte nennen Sie die beschädigten Gegenstände, mindestens einen.')}</p>
        {Array.from({ length: MAX_DAMAGED_ITEMS }, (_, index) => index + 1).map((row) => (
          <fieldset class="stack">
            <legend>{t('Gegenstand {number}', { number: row })}</legend>
            <Question
              form={form}
              name={`item${row}Description`}
              label={t('Beschreibung')}
              kind="text"
              isRequired={row === 1}
            />
            <Question form={form} name={`item${row}Age`} label={t('Alter in Jahren')} kind="text" />
            <Question form={form} name={`item${row}Value`} label={t('Wert in Euro')} kind="amount" />
          </fieldset>
        ))}
      </>
    );
  }
  return <p>{t('Für diese Sparte gibt es keine weiteren Fragen.')}</p>;
}

/** One step of the claim form; every step saves the draft, the last one submits it. */
export function ClaimStepPage(props: { form: ClaimStepForm }) {
  const t = useTranslator();
  const { form } = props;
  return (
    <section class="stack">
      <p>
        <a href="/schaeden">{t('← Zu meinen Schäden')}</a>
      </p>
      <h1>{t('Schaden melden')}</h1>
      <p>{form.contractName}</p>
      <p>{t('Schritt {step} von {count}', { step: form.step, count: 5 })}</p>
      <h2>{t(required(STEP_TITLES[form.step]))}</h2>
      {form.notice ? (
        <Notice kind="error" code={form.notice.code}>
          <p>{form.notice.text}</p>
        </Notice>
      ) : null}
      <ProblemSummary problems={form.problems} />
      {form.attachments ? (
        <ClaimAttachmentsEditor
          claimId={form.claimId}
          attachments={form.attachments.items}
          error={form.attachments.error}
          csrfToken={form.csrfToken}
        />
      ) : null}
      {form.returnComment === null ? null : (
        <Notice kind="info" title={t('Zurückgegeben mit diesem Hinweis:')}>
          <p class="pre-line" id="return-comment">
            {form.returnComment}
          </p>
        </Notice>
      )}
      {form.step === 5 && form.needsRelease ? (
        <p id="release-hint">
          {t(
            'Ihre Freischaltung verlangt eine Freigabe: Die Schadenmeldung geht an eine andere berechtigte Person Ihrer Freischaltung und erst nach deren Freigabe an Ihren Makler.',
          )}
        </p>
      ) : null}
      <form method="post" action={`/schaeden/${form.claimId}/schritt/${form.step}`} class="stack" novalidate>
        <CsrfField token={form.csrfToken} />
        <StepQuestions form={form} />
        <Button>
          {form.step !== 5
            ? t('Speichern und weiter')
            : form.needsRelease
              ? t('Zur Freigabe senden')
              : t('Schaden melden')}
        </Button>
        {form.step === 5 ? (
          <>
            <p class="hint">
              {t(
                'Die Vorschau speichert Ihre Nachricht und zeigt die Schadenmeldung als PDF, wie Ihr Makler sie erhält.',
              )}
            </p>
            <Button kind="secondary" name="vorschau" value="ja">
              {t('Vorschau (PDF)')}
            </Button>
          </>
        ) : null}
      </form>
      {form.step > 1 ? (
        <p>
          <a href={`/schaeden/${form.claimId}/schritt/${form.step - 1}`}>{t('← Zurück')}</a>
        </p>
      ) : null}
    </section>
  );
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing step title');
  return value;
}

/** What a new claim is reported for: a contract, or a customer without a contract. */
export type ClaimStartTarget =
  { kind: 'contract'; id: string; name: string } | { kind: 'customer'; id: string; name: string };

/** Before a draft exists: what is about to be reported, and the button that starts it. */
export function ClaimStartPage(props: { target: ClaimStartTarget; csrfToken: string }) {
  const t = useTranslator();
  const { target } = props;
  return (
    <section class="stack">
      <h1>{t('Schaden melden')}</h1>
      <p>{target.kind === 'contract' ? target.name : t('Ohne Vertrag · {customer}', { customer: target.name })}</p>
      <p>{t('In fünf Schritten melden Sie den Schaden. Jeder Schritt wird als Entwurf gespeichert.')}</p>
      <form method="post" action="/schaeden/neu">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name={target.kind === 'contract' ? 'vertrag' : 'kunde'} value={target.id} />
        <Button>{t('Schadenmeldung beginnen')}</Button>
      </form>
    </section>
  );
}

/** A claim without a contract, for a person who may report one for several customers: which customer it is about. */
export function ClaimCustomerChoicePage(props: {
  customers: { id: string; name: string }[];
  csrfToken: string;
  hasContracts: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Schaden melden')}</h1>
      {props.hasContracts ? (
        <p class="hint">
          {t('Einen Schaden zu einem Vertrag melden Sie auf der Seite des Vertrags.')}{' '}
          <a href="/vertraege">{t('Zu den Verträgen')}</a>
        </p>
      ) : null}
      <form method="post" action="/schaeden/neu" class="stack">
        <CsrfField token={props.csrfToken} />
        <fieldset class="stack">
          <legend>{t('Für welchen Kunden melden Sie den Schaden?')}</legend>
          {props.customers.map((customer, index) => (
            <label>
              <input type="radio" name="kunde" value={customer.id} required checked={index === 0} /> {customer.name}
            </label>
          ))}
        </fieldset>
        <p>{t('In fünf Schritten melden Sie den Schaden. Jeder Schritt wird als Entwurf gespeichert.')}</p>
        <Button>{t('Schadenmeldung beginnen')}</Button>
      </form>
    </section>
  );
}

export interface ClaimListEntry {
  claim: ClaimView;
  contractName: string;
}

function nextStepOf(claim: ClaimView): number {
  return Math.min(claim.step + 1, 5);
}

/** What the list says after an action that led back to it. */
export type ClaimListNotice = 'submitted' | 'sent_for_release' | 'released' | 'returned' | null;

const LIST_NOTICES: Readonly<Record<Exclude<ClaimListNotice, null>, Message>> = {
  submitted: message('Ihr Schaden wurde gemeldet. Ihr Makler wurde informiert.'),
  sent_for_release: message(
    'Ihre Schadenmeldung wurde zur Freigabe gesendet. Sobald sie freigegeben ist, wird Ihr Makler informiert.',
  ),
  released: message('Die Schadenmeldung ist freigegeben. Ihr Makler wurde informiert.'),
  returned: message('Die Schadenmeldung ist an die meldende Person zurückgegeben.'),
};

/**
 * "Meine Schäden": the person's drafts to resume, the claims of others waiting for their release, then the reported
 * claims with status and claim numbers.
 */
export function ClaimListPage(props: {
  drafts: ClaimListEntry[];
  toRelease: ClaimListEntry[];
  claims: ClaimListEntry[];
  notice: ClaimListNotice;
  /** The person may report a claim without a contract: the list offers "Schaden melden". */
  mayReportWithoutContract: boolean;
  /** A claim can be reported for one of the person's contracts, from that contract's page. */
  mayReportForContracts: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <h1>{t('Meine Schäden')}</h1>
      {props.mayReportWithoutContract ? (
        <p>
          <a class="button" href="/schaeden/neu" id="report-claim">
            {t('Schaden melden')}
          </a>
        </p>
      ) : null}
      {!props.mayReportWithoutContract && props.mayReportForContracts ? (
        <p id="report-claim-hint">
          {t('Einen Schaden melden Sie auf der Seite des betroffenen Vertrags:')}{' '}
          <a href="/vertraege">{t('Zu den Verträgen')}</a>
        </p>
      ) : null}
      {props.notice === null ? null : (
        <Notice kind="success">
          <p>{t(LIST_NOTICES[props.notice])}</p>
        </Notice>
      )}
      {props.toRelease.length === 0 ? null : (
        <div class="card stack" id="to-release">
          <h2>{t('Zur Freigabe')}</h2>
          <ul>
            {props.toRelease.map(({ claim, contractName }) => (
              <li>
                <a href={`/schaeden/${claim.id}`}>{contractName}</a> · {t(CLAIM_STATUS_NAMES[claim.status])}
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.drafts.length === 0 ? null : (
        <div class="card stack">
          <h2>{t('Entwürfe')}</h2>
          <ul>
            {props.drafts.map(({ claim, contractName }) => (
              <li>
                {contractName}
                {claim.returnComment === null ? null : ` · ${t('Zurückgegeben')}`} ·{' '}
                <a href={`/schaeden/${claim.id}/schritt/${nextStepOf(claim)}`}>{t('Fortsetzen')}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="card stack">
        <h2>{t('Gemeldete Schäden')}</h2>
        {props.claims.length === 0 ? (
          <p>{t('Noch keine Schäden gemeldet.')}</p>
        ) : (
          <ul>
            {props.claims.map(({ claim, contractName }) => (
              <li>
                <a href={`/schaeden/${claim.id}`}>{contractName}</a> · {t(CLAIM_STATUS_NAMES[claim.status])}
                {claim.insurerClaimNumber === null
                  ? null
                  : ` · ${t('Schadennummer des Versicherers')}: ${claim.insurerClaimNumber}`}
                {claim.brokerClaimNumber === null
                  ? null
                  : ` · ${t('Schadennummer des Maklers')}: ${claim.brokerClaimNumber}`}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Every answer of a claim, for the person's detail page and the workspace's. */
export function ClaimAnswersView(props: { claim: ClaimView }) {
  const t = useTranslator();
  const entries = claimAnswerEntries(props.claim, t, {
    euro: (cents) => formatEuro(cents, t.language),
    // "01.12.2026, 17:45 Uhr" as the form and the PDF say it; the English pages keep the ISO day.
    lossMoment: (date, time) => {
      if (t.language !== 'de') return `${date} ${time}`.trim();
      const [year, month, day] = date.split('-');
      return `${day ?? ''}.${month ?? ''}.${year ?? ''}${time === '' ? '' : `, ${time} Uhr`}`;
    },
  });
  return (
    <dl class="contact-list">
      {entries.map((entry) => (
        <>
          <dt>{entry.label}</dt>
          <dd class="pre-line">{entry.value}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * The claim's status changes and the broker's notes to the customer, oldest first. The workspace passes the staff's
 * names to say who; the customer's page names nobody.
 */
export function ClaimHistoryList(props: {
  history: readonly ClaimHistoryEntry[];
  staffNames?: ReadonlyArray<readonly [string, string]>;
}) {
  const t = useTranslator();
  if (props.history.length === 0) return <p>{t('Noch keine Neuigkeiten.')}</p>;
  const names = new Map(props.staffNames ?? []);
  const whoOf = (entry: ClaimHistoryEntry): string | null => {
    if (props.staffNames === undefined) return null;
    if (entry.source === 'crm') return t('Verwaltungsprogramm (CRM)');
    if (entry.source === 'portal') {
      return (entry.actorIdentityId === null ? undefined : names.get(entry.actorIdentityId)) ?? t('Kundenportal');
    }
    return (entry.actorIdentityId === null ? undefined : names.get(entry.actorIdentityId)) ?? t('Verwaltung');
  };
  return (
    <ol class="list claim-history">
      {props.history.map((entry) => {
        const who = whoOf(entry);
        return (
          <li>
            <p>
              <strong>{t.dateTime(entry.createdAt)}</strong>
              {' · '}
              {entry.previousStatus === null
                ? t(CLAIM_STATUS_NAMES[entry.status])
                : t('{from} → {to}', {
                    from: t(CLAIM_STATUS_NAMES[entry.previousStatus]),
                    to: t(CLAIM_STATUS_NAMES[entry.status]),
                  })}
              {who === null ? null : ` · ${who}`}
            </p>
            {entry.note === null ? null : <p class="pre-line">{entry.note}</p>}
          </li>
        );
      })}
    </ol>
  );
}

/** What a person who may release the claim is offered on its page, with the refusal of their last try. */
export interface ClaimReleaseForm {
  csrfToken: string;
  comment: string;
  /** A refusal of the comment shows at its field, any other above the forms. */
  problem: (ShownProblem & { field: string | null }) | null;
}

function ReleaseActions(props: { claimId: string; form: ClaimReleaseForm }) {
  const t = useTranslator();
  const { form } = props;
  const commentProblem = form.problem?.field === 'comment' ? form.problem : null;
  return (
    <div class="card stack" id="release">
      <h2>{t('Freigabe')}</h2>
      <p>{t('Diese Schadenmeldung wartet auf Ihre Freigabe. Erst danach erhält Ihr Makler sie.')}</p>
      {form.problem !== null && commentProblem === null ? (
        <Notice kind="error" code={form.problem.code}>
          <p>{form.problem.text}</p>
        </Notice>
      ) : null}
      <form method="post" action={`/schaeden/${props.claimId}/freigeben`}>
        <CsrfField token={form.csrfToken} />
        <Button>{t('Freigeben')}</Button>
      </form>
      <form method="post" action={`/schaeden/${props.claimId}/zurueckgeben`} class="stack" novalidate>
        <CsrfField token={form.csrfToken} />
        <div class="field">
          <label for="field-comment">
            {t('Hinweis für die meldende Person')}
            <span class="required"> ({t('Erforderlich')})</span>
          </label>
          <p class="hint" id="field-comment-hint">
            {t('Was fehlt oder ist zu ändern? Die Person sieht den Hinweis in ihrem Entwurf.')}
          </p>
          {commentProblem === null ? null : (
            <FieldError id="field-comment-error" code={commentProblem.code}>
              {commentProblem.text}
            </FieldError>
          )}
          <textarea
            id="field-comment"
            name="comment"
            rows={4}
            required
            aria-describedby={commentProblem === null ? 'field-comment-hint' : 'field-comment-error field-comment-hint'}
            aria-invalid={commentProblem === null ? undefined : 'true'}
          >
            {form.comment}
          </textarea>
        </div>
        <Button kind="secondary">{t('Zurückgeben')}</Button>
      </form>
    </div>
  );
}

/** A claim read-only; for a person who may release it, with "Freigeben" and "Zurückgeben". */
export function ClaimDetailPage(props: {
  claim: ClaimView;
  contractName: string;
  history?: ClaimHistoryEntry[];
  attachments: ClaimAttachmentView[];
  release: ClaimReleaseForm | null;
  /** A refusal for a person who is offered no release (the reporter trying their own). */
  refusal: ShownProblem | null;
}) {
  const t = useTranslator();
  return (
    <section class="stack">
      <p>
        <a href="/schaeden">{t('← Zu meinen Schäden')}</a>
      </p>
      <h1>{t('Schaden')}</h1>
      <p>{props.contractName}</p>
      {props.refusal === null ? null : (
        <Notice kind="error" code={props.refusal.code}>
          <p>{props.refusal.text}</p>
        </Notice>
      )}
      {props.release === null ? null : <ReleaseActions claimId={props.claim.id} form={props.release} />}
      <p>
        <a href={`/schaeden/${props.claim.id}/schadenmeldung.pdf`}>{t('Vorschau (PDF)')}</a>
      </p>
      {props.history === undefined ? null : (
        <div class="card stack">
          <h2>{t('Neuigkeiten')}</h2>
          <ClaimHistoryList history={props.history} />
        </div>
      )}
      <div class="card stack">
        <ClaimAnswersView claim={props.claim} />
      </div>
      <div class="card stack">
        <h2>{t('Fotos und Dokumente')}</h2>
        <ClaimAttachmentList attachments={props.attachments} hrefBase={`/schaeden/${props.claim.id}`} />
      </div>
    </section>
  );
}
