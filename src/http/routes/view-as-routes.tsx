import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { summarizeCoverage } from '../../modules/portfolio/portfolio-totals.js';
import { staffOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { translatorOf } from '../language.js';
import { pageErrorOf } from '../page-errors.js';
import { contractListPageOf, customerListPageOf, readContractListParameters } from '../pages/contract-list-query.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { ViewAsContractPage, ViewAsCustomersPage, ViewAsPortfolioPage } from '../pages/view-as-page.js';

/** A person of another tenant, an unknown id and a contract the person does not see are all simply not found. */
function orNotFound(handler: (c: StaffContext) => Promise<Response>) {
  return async (c: StaffContext) => {
    try {
      return await handler(c);
    } catch (error) {
      if (pageErrorOf(error)?.status === 404) {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  };
}

/** Mounted in the workspace (/admin): "Ansicht als …", read-only and recorded in the Protokoll. */
export function viewAsRoutes({ viewAs }: Pick<Services, 'viewAs'>) {
  const app = new Hono<StaffEnv>();

  app.get(
    '/people/:identityId/ansicht',
    orNotFound(async (c) => {
      const viewed = await viewAs.viewPortfolioAs(c.var.tenant.id, c.req.param('identityId') ?? '', staffOrigin(c));
      const personPath = `/admin/people/${viewed.person.identityId}`;
      const list = contractListPageOf(
        viewed.contracts,
        readContractListParameters((name) => c.req.query(name)),
        `${personPath}/ansicht`,
      );
      return renderPage(
        c,
        {
          title: translatorOf(c)('Ansicht als {name}', { name: viewed.person.name }),
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <ViewAsPortfolioPage
          personPath={personPath}
          name={viewed.person.name}
          coverage={summarizeCoverage(viewed.contracts)}
          isCustomerShown={list.customers.length > 1}
          list={list}
          isIntermediary={viewed.isIntermediary}
        />,
      );
    }),
  );

  // Before the contract route below: "kunden" is no contract id. Only an intermediary has a Kunden page.
  app.get(
    '/people/:identityId/ansicht/kunden',
    orNotFound(async (c) => {
      const viewed = await viewAs.viewCustomersAs(c.var.tenant.id, c.req.param('identityId') ?? '', staffOrigin(c));
      if (!viewed.isIntermediary) {
        return renderErrorPage(c, 404, 'not_found');
      }
      return renderPage(
        c,
        {
          title: translatorOf(c)('Ansicht als {name}', { name: viewed.person.name }),
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <ViewAsCustomersPage
          personPath={`/admin/people/${viewed.person.identityId}`}
          name={viewed.person.name}
          page={customerListPageOf(viewed.customers, viewed.contracts, (name) => c.req.query(name))}
        />,
      );
    }),
  );

  app.get(
    '/people/:identityId/ansicht/:contractId',
    orNotFound(async (c) => {
      const { person, contract } = await viewAs.viewContractAs(
        c.var.tenant.id,
        c.req.param('identityId') ?? '',
        c.req.param('contractId') ?? '',
        staffOrigin(c),
      );
      if (contract === null) {
        return renderErrorPage(c, 404, 'not_found');
      }
      return renderPage(
        c,
        {
          title: translatorOf(c)('Ansicht als {name}', { name: person.name }),
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <ViewAsContractPage personPath={`/admin/people/${person.identityId}`} name={person.name} contract={contract} />,
      );
    }),
  );

  return app;
}
