import { Hono } from 'hono';
import { isAppError } from '../../shared/errors.js';
import type { Services } from '../../services.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { translatorOf } from '../language.js';
import { CustomerDetailPage, CustomersPage, type GrantWithPeople } from '../pages/customer-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { STATE_NAMES } from '../pages/people-page.js';
import { LogoutButton } from '../pages/portal-home-page.js';

/** People shown per grant on a customer's page; the rest are a link to the people list. */
const PEOPLE_PER_GRANT = 20;
/** Grants shown with their people on a customer's page. */
const GRANTS_SHOWN = 30;

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
export function customerRoutes({ people, portfolio }: Pick<Services, 'people' | 'portfolio'>) {
  const app = new Hono<StaffEnv>();

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

  app.get('/customers/:customerId', async (c) => {
    try {
      const details = await portfolio.getCustomerDetails(c.var.tenant.id, c.req.param('customerId'));
      return renderPage(
        c,
        {
          title: details.customer.displayName || details.customer.customerNumber,
          returnTo: `/admin/customers/${details.customer.id}`,
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <CustomerDetailPage
          role={c.var.staffRole}
          customer={details.customer}
          contracts={details.contracts}
          grants={await grantsWithPeople(people, c, details.grants)}
        />,
      );
    } catch (error) {
      if (isAppError(error) && error.code === 'CUSTOMER_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  });

  return app;
}
