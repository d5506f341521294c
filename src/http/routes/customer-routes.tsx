import { Hono } from 'hono';
import { isAppError } from '../../shared/errors.js';
import { personText } from '../../shared/i18n/translator.js';
import { safeFileName } from '../../modules/documents/file-name.js';
import { MAX_FILES_PER_SUBMISSION } from '../../modules/documents/document.js';
import { MultipartError } from '../../api/multipart-stream.js';
import { submittedFilesOf } from '../submitted-files.js';
import { staffOrigin } from '../client-address.js';
import { downloadOrNotFound, MAX_UPLOAD_MEGABYTES, uploadRefusalOf } from '../download-response.js';
import { readStreamedForm } from '../streamed-form.js';
import { CustomerDocuments, type StaffUploadFormState } from '../pages/customer-document-pages.js';
import type { Services } from '../../services.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { translatorOf } from '../language.js';
import { CustomerDetailPage, CustomersPage, type GrantWithPeople } from '../pages/customer-pages.js';
import { ConfirmActionPage } from '../pages/confirm-action-page.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { STATE_NAMES } from '../pages/people-page.js';
import { LogoutButton } from '../pages/portal-home-page.js';

/** People shown per grant on a customer's page; the rest are a link to the people list. */
const PEOPLE_PER_GRANT = 20;
/** Grants shown with their people on a customer's page. */
const GRANTS_SHOWN = 30;

/** Documents shown per page on a customer's page, newest first. */
const DOCUMENTS_PER_PAGE = 25;
const KEYWORD = /^[^\p{Cc},]{1,60}$/u;

type UploadOutcome = Pick<StaffUploadFormState, 'error' | 'sentCount' | 'values'>;

const KIND_FILTERS: Record<string, 'private' | 'business'> = { privat: 'private', gewerblich: 'business' };

async function grantsWithPeople(
  people: Services['people'],
  c: StaffContext,
  grants: Array<{ id: string; name: string }>,
): Promise<GrantWithPeople[]> {
  return Promise.all(
    grants.slice(0, GRANTS_SHOWN).map(async (grant) => {
      const page = await people.listPeopleTable(c.var.tenant.id, {
        scope: { grantId: grant.id },
        sort: 'name',
        direction: 'asc',
        cursor: null,
        isBackward: false,
        limit: PEOPLE_PER_GRANT,
      });
      return {
        id: grant.id,
        name: grant.name,
        total: page.total,
        people: page.people.map((person) => ({
          id: person.identityId,
          name: person.name,
          email: person.email,
          state: STATE_NAMES[person.state],
        })),
      };
    }),
  );
}

/** The tenant's customers for its staff: a searchable list and one page per customer. */
export function customerRoutes({ people, portfolio, documents }: Pick<Services, 'people' | 'portfolio' | 'documents'>) {
  const app = new Hono<StaffEnv>();

  async function renderCustomer(
    c: StaffContext,
    customerId: string,
    status: 200 | 413 | 415 | 422,
    upload: UploadOutcome,
  ): Promise<Response> {
    try {
      const details = await portfolio.getCustomerDetails(c.var.tenant.id, customerId);
      const cursor = (c.req.query('dokumente-nach') ?? '').slice(0, 64);
      const [grants, customerDocuments] = await Promise.all([
        grantsWithPeople(people, c, details.grants),
        documents.pageForStaff(c.var.tenant.id, details.customer.id, {
          cursor: cursor === '' ? null : cursor,
          limit: DOCUMENTS_PER_PAGE,
        }),
      ]);
      return renderPage(
        c,
        {
          title: details.customer.displayName || details.customer.customerNumber,
          status,
          returnTo: `/admin/customers/${details.customer.id}`,
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <CustomerDetailPage
          role={c.var.staffRole}
          customer={details.customer}
          contracts={details.contracts}
          grants={grants}
          documents={
            <CustomerDocuments
              customerId={details.customer.id}
              documents={customerDocuments.items}
              cursor={cursor}
              nextCursor={customerDocuments.nextCursor}
              isDeleted={c.req.query('geloescht') !== undefined}
              form={{
                ...upload,
                csrfToken: c.get('csrfToken'),
                maxMegabytes: MAX_UPLOAD_MEGABYTES,
                maxFiles: MAX_FILES_PER_SUBMISSION,
                contracts: details.contracts.map((contract) => ({
                  id: contract.id,
                  name: `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
                })),
              }}
            />
          }
        />,
      );
    } catch (error) {
      if (isAppError(error) && error.code === 'CUSTOMER_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  }

  app.get('/customers', async (c) => {
    const search = (c.req.query('suche') ?? '').slice(0, 100);
    const kindParameter = c.req.query('art') ?? '';
    const kind = KIND_FILTERS[kindParameter] ?? null;
    const page = Number.parseInt((c.req.query('seite') ?? '1').slice(0, 9), 10);
    const list = await portfolio.listCustomers(c.var.tenant.id, { search, kind, page: Number.isNaN(page) ? 1 : page });
    return renderPage(
      c,
      {
        title: translatorOf(c)('Kunden'),
        returnTo: '/admin/customers',
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <CustomersPage
        role={c.var.staffRole}
        list={list}
        parameters={{ search, kind: kind === null ? '' : kindParameter }}
      />,
    );
  });

  app.get('/customers/:customerId', (c) => {
    const saved = c.req.query('gespeichert');
    return renderCustomer(c, c.req.param('customerId'), 200, {
      error: null,
      sentCount: saved === undefined ? 0 : /^[1-9][0-9]?$/.test(saved) ? Number(saved) : 1,
      values: { title: '', keywords: '', contractId: '' },
    });
  });

  /**
   * Documents for the customer from the broker: up to MAX_FILES_PER_SUBMISSION files, all or nothing, each streamed
   * into the store as it arrives (the customer's own submission's rules, through the same service). The title, when
   * given, names the first file and, numbered, the others; without one each file is named by its own name.
   */
  app.post('/customers/:customerId/dokumente', async (c) => {
    const customerId = c.req.param('customerId');
    const form = await readStreamedForm(c, c.get('csrfToken'));
    if (form.kind === 'refused') {
      return form.reason === 'csrf' ? renderErrorPage(c, 403, 'csrf') : renderErrorPage(c, 400, 'bad_request');
    }
    const values = {
      title: (form.fields['titel'] ?? '').trim().slice(0, 300),
      keywords: (form.fields['schlagwoerter'] ?? '').slice(0, 1000),
      contractId: (form.fields['vertrag'] ?? '').trim(),
    };
    const refuse = (status: 413 | 415 | 422, error: UploadOutcome['error']) =>
      renderCustomer(c, customerId, status, { error, sentCount: 0, values });
    const keywords = [...new Set(values.keywords.split(',').map((keyword) => keyword.trim()))].filter(
      (keyword) => keyword !== '',
    );
    if (keywords.length > 20 || keywords.some((keyword) => !KEYWORD.test(keyword))) {
      return refuse(422, {
        text: personText('Bitte geben Sie höchstens 20 Schlagwörter mit je höchstens 60 Zeichen an.'),
      });
    }
    if (form.file === null || form.file.name.trim() === '') {
      return refuse(422, { text: personText('Bitte wählen Sie eine Datei aus.') });
    }
    let stored: number;
    try {
      const title = values.title === '' ? null : safeFileName(values.title) || values.title;
      stored = (
        await documents.storeSubmissionFromPage(
          c.var.tenant.id,
          {
            customerId,
            contractId: values.contractId === '' ? null : values.contractId,
            keywords,
            comment: null,
            direction: 'from_broker',
          },
          submittedFilesOf(form.file, form.nextFile, title),
          c.var.session.identityId,
          staffOrigin(c),
        )
      ).length;
    } catch (error) {
      if (isAppError(error) && error.code === 'CUSTOMER_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      if (error instanceof MultipartError) {
        return renderErrorPage(c, 400, 'bad_request');
      }
      const refusal = uploadRefusalOf(error);
      if (refusal !== null) return refuse(refusal.status, refusal.error);
      throw error;
    }
    const saved = stored === 1 ? 'gespeichert' : `gespeichert=${String(stored)}`;
    return c.redirect(`/admin/customers/${customerId}?${saved}#dokumente`, 303);
  });

  /** Deleting a document asks first, naming it; the page's button sends the delete itself. */
  app.get('/customers/:customerId/dokumente/:documentId/loeschen', async (c) => {
    const customerId = c.req.param('customerId');
    const document = await documents
      .getForStaff(c.var.tenant.id, customerId, c.req.param('documentId'))
      .catch((error: unknown) => {
        if (isAppError(error) && error.code === 'DOCUMENT_NOT_FOUND') return null;
        throw error;
      });
    if (document === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    const t = translatorOf(c);
    return renderPage(
      c,
      {
        title: t('Dokument löschen: Bitte bestätigen'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <ConfirmActionPage
        role={c.var.staffRole}
        current="customers"
        csrfToken={c.get('csrfToken')}
        title={t('Dokument „{title}“ löschen?', { title: document.title })}
        subject={<strong>{document.title}</strong>}
        consequence={t('Das Dokument und seine Datei werden gelöscht; auch der Kunde sieht es dann nicht mehr.')}
        action={`/admin/customers/${customerId}/dokumente/${document.id}/loeschen`}
        confirmLabel={t('Jetzt löschen')}
        cancelHref={`/admin/customers/${customerId}#dokumente`}
      />,
    );
  });

  app.post('/customers/:customerId/dokumente/:documentId/loeschen', async (c) => {
    const customerId = c.req.param('customerId');
    try {
      await documents.deleteForStaff(
        c.var.tenant.id,
        customerId,
        c.req.param('documentId'),
        c.var.session.identityId,
        staffOrigin(c),
      );
    } catch (error) {
      if (isAppError(error) && error.code === 'DOCUMENT_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
    return c.redirect(`/admin/customers/${customerId}?geloescht#dokumente`, 303);
  });

  /** A document's file for the tenant's staff; another customer's or tenant's id is 404. */
  app.get('/customers/:customerId/dokumente/:documentId/datei', (c) =>
    downloadOrNotFound(c, () =>
      documents.openForStaff(
        c.var.tenant.id,
        c.req.param('customerId'),
        c.req.param('documentId'),
        c.var.session.identityId,
        staffOrigin(c),
      ),
    ),
  );

  /** "Ansehen" for the tenant's staff: as the download, shown inline in a sandbox when the bytes allow it. */
  app.get('/customers/:customerId/dokumente/:documentId/ansehen', (c) =>
    downloadOrNotFound(
      c,
      () =>
        documents.openForStaff(
          c.var.tenant.id,
          c.req.param('customerId'),
          c.req.param('documentId'),
          c.var.session.identityId,
          staffOrigin(c),
        ),
      { isInline: true },
    ),
  );

  return app;
}
