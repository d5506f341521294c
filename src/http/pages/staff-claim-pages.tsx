import { CLAIM_STATUSES, NEXT_STATUSES, type ClaimStatus, type ClaimView } from '../../modules/claims/claim.js';
import type { ClaimAttachmentView } from '../../modules/claims/claim-attachment.js';
import { ClaimAttachmentList } from './claim-attachment-pages.js';
import { useTranslator } from '../language.js';
import { AdminNav } from './admin-nav.js';
import { ClaimAnswersView, CLAIM_STATUS_NAMES } from './claim-pages.js';
import { Button, CsrfField, Notice } from './components.js';
import type { ShownError } from '../page-errors.js';

export interface StaffClaimEntry {
  claim: ClaimView;
  contractName: string;
  customerName: string;
}

const ROUTE_NAMES = { HPV: 'HPV', KFZ: 'KFZ', SACH: 'SACH', TECH: 'TECH', TRANS: 'TRANS', DEFAULT: '–' } as const;

/** Workspace → Schäden: the reported claims, newest first, filtered by status. */
export function StaffClaimListPage(props: {
  role: 'staff_admin' | 'staff_user';
  status: ClaimStatus | null;
  claims: ClaimView[];
}) {
  const t = useTranslator();
  return (
    <>
      <AdminNav current="claims" role={props.role} />
      <section class="stack">
        <h1>{t('Schäden')}</h1>
        <form method="get" action="/admin/schaeden" class="filters">
          <label for="claim-status">{t('Status')}</label>
          <select id="claim-status" name="status">
            <option value="">{t('Alle')}</option>
            {CLAIM_STATUSES.filter((status) => status !== 'draft').map((status) => (
              <option value={status} selected={status === props.status}>
                {t(CLAIM_STATUS_NAMES[status])}
              </option>
            ))}
          </select>
          <Button kind="secondary">{t('Filtern')}</Button>
        </form>
        {props.claims.length === 0 ? (
          <p>{t('Keine Schäden.')}</p>
        ) : (
          <ul>
            {props.claims.map((claim) => (
              <li>
                <a href={`/admin/schaeden/${claim.id}`}>
                  {claim.submittedAt === null ? claim.id : t.dateTime(claim.submittedAt)}
                </a>{' '}
                · {ROUTE_NAMES[claim.route]} · {t(CLAIM_STATUS_NAMES[claim.status])}
                {claim.brokerClaimNumber === null ? null : ` · ${claim.brokerClaimNumber}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** One reported claim with every answer, and the form that moves its status on. */
export function StaffClaimDetailPage(props: {
  role: 'staff_admin' | 'staff_user';
  entry: StaffClaimEntry;
  csrfToken: string;
  error: ShownError | null;
  attachments: ClaimAttachmentView[];
}) {
  const t = useTranslator();
  const { claim } = props.entry;
  const next = NEXT_STATUSES[claim.status];
  return (
    <>
      <AdminNav current="claims" role={props.role} />
      <section class="stack">
        <p>
          <a href="/admin/schaeden">{t('← Zu den Schäden')}</a>
        </p>
        <h1>{t('Schaden')}</h1>
        <p>
          {props.entry.contractName} · {props.entry.customerName}
        </p>
        {props.error ? (
          <Notice kind="error" code={props.error.code}>
            <p>{t.text(props.error.text)}</p>
          </Notice>
        ) : null}
        {next.length === 0 ? null : (
          <form method="post" action={`/admin/schaeden/${claim.id}/status`} class="stack">
            <CsrfField token={props.csrfToken} />
            <label for="claim-next-status">{t('Neuer Status')}</label>
            <select id="claim-next-status" name="status">
              {next.map((status) => (
                <option value={status}>{t(CLAIM_STATUS_NAMES[status])}</option>
              ))}
            </select>
            <Button>{t('Status setzen')}</Button>
          </form>
        )}
        <div class="card stack">
          <ClaimAnswersView claim={claim} />
        </div>
        <div class="card stack">
          <h2>{t('Fotos und Dokumente')}</h2>
          <ClaimAttachmentList attachments={props.attachments} hrefBase={`/admin/schaeden/${claim.id}`} />
          <p>
            <a class="button button-secondary" href={`/admin/schaeden/${claim.id}/zip`} download>
              {t('Alles herunterladen (ZIP)')}
            </a>
          </p>
        </div>
      </section>
    </>
  );
}
