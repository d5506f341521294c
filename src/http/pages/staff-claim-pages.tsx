import {
  CLAIM_ROUTES,
  CLAIM_STATUSES,
  MAX_CLAIM_NOTE_LENGTH,
  MAX_CLAIM_NUMBER_LENGTH,
  NEXT_STATUSES,
  type ClaimHistoryEntry,
  type ClaimWithPortfolio,
} from '../../modules/claims/claim.js';
import { sparteName } from '../../modules/portfolio/sparten.js';
import type { ClaimAttachmentView } from '../../modules/claims/claim-attachment.js';
import { ClaimAttachmentList } from './claim-attachment-pages.js';
import { useTranslator } from '../language.js';
import type { ShownError } from '../page-errors.js';
import { AdminNav } from './admin-nav.js';
import { ClaimAnswersView, ClaimHistoryList, CLAIM_STATUS_NAMES } from './claim-pages.js';
import { Button, CsrfField, FilterForm, FilterSelect, Notice, Pager, ScrollRegion, SearchField } from './components.js';

const ROUTE_NAMES = { HPV: 'HPV', KFZ: 'KFZ', SACH: 'SACH', TECH: 'TECH', TRANS: 'TRANS', DEFAULT: '–' } as const;

/** A staff member as the assignment shows them. */
export interface StaffMember {
  identityId: string;
  name: string;
  isActive: boolean;
}

/** The list's filter as the address carries it. */
export interface StaffClaimListParameters {
  status: string;
  route: string;
  assigned: string;
  search: string;
  cursor: string;
}

export function staffClaimListHref(parameters: StaffClaimListParameters): string {
  const query = new URLSearchParams();
  if (parameters.status !== '') query.set('status', parameters.status);
  if (parameters.route !== '') query.set('route', parameters.route);
  if (parameters.assigned !== '') query.set('zugewiesen', parameters.assigned);
  if (parameters.search !== '') query.set('suche', parameters.search);
  if (parameters.cursor !== '') query.set('nach', parameters.cursor);
  const text = query.toString();
  return text === '' ? '/admin/schaeden' : `/admin/schaeden?${text}`;
}

function contractNameOf(claim: ClaimWithPortfolio): string {
  const contract = claim.contract;
  if (contract === null) return '–';
  return `${contract.productName ?? sparteName(contract.sparte)} · ${contract.policyNumber}`;
}

function nameOf(staff: readonly StaffMember[], identityId: string | null): string | null {
  if (identityId === null) return null;
  return staff.find((member) => member.identityId === identityId)?.name ?? null;
}

/** Workspace → Schäden: the reported claims, newest report first, filtered and paged without script. */
export function StaffClaimListPage(props: {
  role: 'staff_admin' | 'staff_user';
  parameters: StaffClaimListParameters;
  claims: ClaimWithPortfolio[];
  staff: StaffMember[];
  nextHref: string | null;
}) {
  const t = useTranslator();
  const { parameters } = props;
  return (
    <>
      <AdminNav current="claims" role={props.role} />
      <section class="stack">
        <h1>{t('Schäden')}</h1>
        <FilterForm action="/admin/schaeden" submitLabel={t('Filtern')}>
          <FilterSelect
            id="claim-status"
            name="status"
            label={t('Status')}
            value={parameters.status}
            allLabel={t('Alle')}
            choices={CLAIM_STATUSES.filter((status) => status !== 'draft').map((status) => ({
              value: status,
              label: t(CLAIM_STATUS_NAMES[status]),
            }))}
          />
          <FilterSelect
            id="claim-route"
            name="route"
            label={t('Fragenkatalog')}
            value={parameters.route}
            allLabel={t('Alle')}
            choices={CLAIM_ROUTES.map((route) => ({
              value: route,
              label: route === 'DEFAULT' ? t('Allgemein') : route,
            }))}
          />
          <FilterSelect
            id="claim-assigned"
            name="zugewiesen"
            label={t('Zugewiesen')}
            value={parameters.assigned}
            allLabel={t('Alle')}
            choices={[
              { value: 'me', label: t('Mir') },
              { value: 'nobody', label: t('Niemandem') },
              ...props.staff.map((member) => ({ value: member.identityId, label: member.name })),
            ]}
          />
          <SearchField
            id="claim-search"
            label={t('Schadennummer, Kundenname oder Kundennummer')}
            value={parameters.search}
            maxlength={100}
          />
        </FilterForm>
        {props.claims.length === 0 ? (
          <p>{t('Keine Schäden gefunden.')}</p>
        ) : (
          <ScrollRegion label={t('Schäden')}>
            <table class="table">
              <caption class="visually-hidden">{t('Gemeldete Schäden')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('Gemeldet am')}</th>
                  <th scope="col">{t('Kunde')}</th>
                  <th scope="col">{t('Vertrag')}</th>
                  <th scope="col">{t('Fragenkatalog')}</th>
                  <th scope="col">{t('Status')}</th>
                  <th scope="col">{t('Schadennummern')}</th>
                  <th scope="col">{t('Zugewiesen')}</th>
                </tr>
              </thead>
              <tbody>
                {props.claims.map((claim) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/schaeden/${claim.id}`}>{t.dateTime(claim.submittedAt ?? claim.createdAt)}</a>
                    </th>
                    <td>
                      {claim.customerName} ({claim.customerNumber})
                    </td>
                    <td>{contractNameOf(claim)}</td>
                    <td>{ROUTE_NAMES[claim.route]}</td>
                    <td>{t(CLAIM_STATUS_NAMES[claim.status])}</td>
                    <td>
                      {[claim.insurerClaimNumber, claim.brokerClaimNumber]
                        .filter((number) => number !== null)
                        .join(' · ') || '–'}
                    </td>
                    <td>{nameOf(props.staff, claim.assignedIdentityId) ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
        <Pager previous={null} next={props.nextHref} />
      </section>
    </>
  );
}

export interface StaffClaimDetail {
  claim: ClaimWithPortfolio;
  history: ClaimHistoryEntry[];
  reporter: string | null;
  staff: StaffMember[];
}

/** What a refused form keeps of what was typed. */
export interface StaffClaimFormValues {
  status: string;
  note: string;
  insurerClaimNumber: string;
  brokerClaimNumber: string;
}

function StatusForm(props: { claim: ClaimWithPortfolio; csrfToken: string; values: StaffClaimFormValues | null }) {
  const t = useTranslator();
  const next = NEXT_STATUSES[props.claim.status];
  return (
    <form method="post" action={`/admin/schaeden/${props.claim.id}/status`} class="card stack">
      <h2>{t('Status und Nachricht an den Kunden')}</h2>
      <CsrfField token={props.csrfToken} />
      <div class="field">
        <label for="claim-next-status">{t('Neuer Status')}</label>
        <select id="claim-next-status" name="status">
          <option value="">{t('Status beibehalten')}</option>
          {next.map((status) => (
            <option value={status} selected={props.values?.status === status}>
              {t(CLAIM_STATUS_NAMES[status])}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="claim-note">{t('Nachricht an den Kunden (optional)')}</label>
        <p class="hint" id="claim-note-hint">
          {t('Der Kunde sieht sie beim Schaden und erhält eine E-Mail mit einem Link, ohne den Text.')}
        </p>
        <textarea
          id="claim-note"
          name="note"
          rows={4}
          maxlength={MAX_CLAIM_NOTE_LENGTH}
          aria-describedby="claim-note-hint"
        >
          {props.values?.note ?? ''}
        </textarea>
      </div>
      <Button>{t('Speichern')}</Button>
    </form>
  );
}

function AssignmentForm(props: { detail: StaffClaimDetail; csrfToken: string }) {
  const t = useTranslator();
  const { claim, staff } = props.detail;
  const choices = staff.filter((member) => member.isActive || member.identityId === claim.assignedIdentityId);
  return (
    <form method="post" action={`/admin/schaeden/${claim.id}/zuweisung`} class="card stack">
      <h2>{t('Zuweisung')}</h2>
      <CsrfField token={props.csrfToken} />
      <div class="field">
        <label for="claim-assignee">{t('Bearbeitet von')}</label>
        <select id="claim-assignee" name="assignee">
          <option value="" selected={claim.assignedIdentityId === null}>
            {t('Niemandem')}
          </option>
          {choices.map((member) => (
            <option value={member.identityId} selected={member.identityId === claim.assignedIdentityId}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
      <Button kind="secondary">{t('Zuweisen')}</Button>
    </form>
  );
}

function NumbersForm(props: { claim: ClaimWithPortfolio; csrfToken: string; values: StaffClaimFormValues | null }) {
  const t = useTranslator();
  const { claim } = props;
  return (
    <form method="post" action={`/admin/schaeden/${claim.id}/nummern`} class="card stack">
      <h2>{t('Schadennummern')}</h2>
      <CsrfField token={props.csrfToken} />
      <div class="field">
        <label for="claim-insurer-number">{t('Schadennummer des Versicherers')}</label>
        <input
          id="claim-insurer-number"
          name="insurerClaimNumber"
          maxlength={MAX_CLAIM_NUMBER_LENGTH}
          value={props.values?.insurerClaimNumber ?? claim.insurerClaimNumber ?? ''}
        />
      </div>
      <div class="field">
        <label for="claim-broker-number">{t('Schadennummer des Maklers')}</label>
        <input
          id="claim-broker-number"
          name="brokerClaimNumber"
          maxlength={MAX_CLAIM_NUMBER_LENGTH}
          value={props.values?.brokerClaimNumber ?? claim.brokerClaimNumber ?? ''}
        />
      </div>
      <Button kind="secondary">{t('Nummern speichern')}</Button>
    </form>
  );
}

/** One reported claim: who, what, the history, and the forms for status and note, assignment and claim numbers. */
export function StaffClaimDetailPage(props: {
  role: 'staff_admin' | 'staff_user';
  detail: StaffClaimDetail;
  csrfToken: string;
  error: ShownError | null;
  values: StaffClaimFormValues | null;
  isSaved: boolean;
  attachments: ClaimAttachmentView[];
}) {
  const t = useTranslator();
  const { claim, history, reporter, staff } = props.detail;
  return (
    <>
      <AdminNav current="claims" role={props.role} />
      <section class="stack">
        <p>
          <a href="/admin/schaeden">{t('← Zu den Schäden')}</a>
        </p>
        <h1>{t('Schaden')}</h1>
        <p>
          <a href={`/admin/schaeden/${claim.id}/schadenmeldung.pdf`}>{t('Vorschau (PDF)')}</a>
        </p>
        {props.error ? (
          <Notice kind="error" code={props.error.code}>
            <p>{t.text(props.error.text)}</p>
          </Notice>
        ) : null}
        {props.error === null && props.isSaved ? (
          <Notice kind="success">
            <p>{t('Gespeichert.')}</p>
          </Notice>
        ) : null}
        <dl class="contact-list">
          <dt>{t('Kunde')}</dt>
          <dd>
            <a href={`/admin/customers/${claim.customerId}`}>
              {claim.customerName} ({claim.customerNumber})
            </a>
          </dd>
          <dt>{t('Vertrag')}</dt>
          <dd>{contractNameOf(claim)}</dd>
          <dt>{t('Gemeldet von')}</dt>
          <dd>{reporter ?? (claim.externalId === null ? '–' : t('Verwaltungsprogramm (CRM)'))}</dd>
          <dt>{t('Bearbeitet von')}</dt>
          <dd>{nameOf(staff, claim.assignedIdentityId) ?? t('Niemandem zugewiesen')}</dd>
        </dl>
        <StatusForm claim={claim} csrfToken={props.csrfToken} values={props.values} />
        <AssignmentForm detail={props.detail} csrfToken={props.csrfToken} />
        <NumbersForm claim={claim} csrfToken={props.csrfToken} values={props.values} />
        <div class="card stack">
          <h2>{t('Verlauf')}</h2>
          <ClaimHistoryList
            history={history}
            staffNames={[
              ...staff.map((member) => [member.identityId, member.name] as const),
              // The report's own entry names the person who reported it.
              ...(claim.reporterIdentityId === null || reporter === null
                ? []
                : [[claim.reporterIdentityId, reporter] as const]),
            ]}
          />
        </div>
        <div class="card stack">
          <h2>{t('Angaben')}</h2>
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
