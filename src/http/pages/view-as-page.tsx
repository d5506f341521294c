import type { CoverageSummary } from '../../modules/portfolio/portfolio-totals.js';
import type { ContractView } from '../../modules/portfolio/portfolio-view.js';
import { useTranslator } from '../language.js';
import { Notice } from './components.js';
import { ContractDetailPage, ContractListPageView, type ContractListPage } from './contract-pages.js';
import { CoverageCard } from './portal-overview-page.js';
import { CustomerListPageView, type CustomerListPage } from './portal-customer-pages.js';

function ViewAsNotice(props: { personPath: string; name: string }) {
  const t = useTranslator();
  return (
    <Notice kind="info" title={t('Ansicht als {name}', { name: props.name })}>
      <p>{t('So sieht diese Person ihre Übersicht und Verträge im Portal. Sie können hier nichts ändern.')}</p>
      <p>
        <a href={props.personPath}>{t('← Zurück zur Person')}</a>
      </p>
    </Notice>
  );
}

/** Staff's read-only look at what one person sees: the overview's cover and the contract list. */
export function ViewAsPortfolioPage(props: {
  personPath: string;
  name: string;
  coverage: CoverageSummary;
  isCustomerShown: boolean;
  list: ContractListPage;
  isIntermediary: boolean;
}) {
  const t = useTranslator();
  return (
    <section class="stack portfolio">
      <ViewAsNotice personPath={props.personPath} name={props.name} />
      {props.isIntermediary ? (
        <p>
          <a href={`${props.personPath}/ansicht/kunden`}>{t('Kunden')}</a>
        </p>
      ) : null}
      {props.list.total === 0 && props.list.parameters.customerNumber === '' ? (
        <>
          <h1>{t('Ansicht als {name}', { name: props.name })}</h1>
          <p class="card">{t('Diese Person sieht zurzeit keine Verträge.')}</p>
        </>
      ) : (
        <>
          <ContractListPageView page={props.list} isIntermediary={false} backHref={props.personPath} />
          <CoverageCard
            coverage={props.coverage}
            isCustomerShown={props.isCustomerShown}
            basePath={props.list.basePath}
          />
        </>
      )}
    </section>
  );
}

/** Staff's read-only look at an intermediary's Kunden page; its links stay inside "Ansicht als". */
export function ViewAsCustomersPage(props: { personPath: string; name: string; page: CustomerListPage }) {
  const viewPath = `${props.personPath}/ansicht`;
  return (
    <section class="stack portfolio">
      <ViewAsNotice personPath={props.personPath} name={props.name} />
      <CustomerListPageView
        page={props.page}
        paths={{ list: `${viewPath}/kunden`, contracts: viewPath, back: viewPath }}
      />
    </section>
  );
}

export function ViewAsContractPage(props: { personPath: string; name: string; contract: ContractView }) {
  return (
    <section class="stack portfolio">
      <ViewAsNotice personPath={props.personPath} name={props.name} />
      <ContractDetailPage contract={props.contract} basePath={`${props.personPath}/ansicht`} />
    </section>
  );
}
