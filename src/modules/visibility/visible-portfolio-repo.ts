import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { builtOnce } from '../../db/sql-template.js';
import {
  contractShares,
  contracts,
  customerIntermediaryAccounts,
  customers,
  grantCustomers,
  grantMembers,
  grants,
  memberships,
} from '../../db/schema.js';
import type { ContactPerson } from '../portfolio/portfolio.js';
import { SPARTEN, sparteName, sparteWordsCovering } from '../portfolio/sparten.js';
import { required } from '../../shared/required.js';
import { jsonColumnOf } from '../../db/json-column.js';
import { rowsOf } from '../../db/rows.js';

/**
 * The portal's portfolio pages decided in SQL: the rules of `visibility-policy.ts` (which stays their definition,
 * and `visible-portfolio-sql.test.ts` checks that both agree) as statements that filter, sort and page in the
 * database, so a page reads its 50 rows and a few numbers instead of the person's whole portfolio.
 */

/** A grant as the statements take it: its Sparten already turned into the codes they cover (null: all). */
export interface GrantForSql {
  id: string;
  kind: 'customer' | 'intermediary';
  numbers: readonly string[];
  shareContractsAutomatically: boolean;
  sparteCodes: readonly string[] | null;
}

/** A grant the person holds, as stored: what the service turns into a `GrantForSql`. */
export interface HeldGrantRow {
  id: string;
  kind: 'customer' | 'intermediary';
  numbers: string[];
  shareContractsAutomatically: boolean;
  restrictedLinesOfBusiness: string[];
  /** "Schäden einschließen": read with the grants so the navigation's "Schäden" costs no statement of its own. */
  includeClaims: boolean;
  /** "Vorgänge teilen", for the navigation's count of unread conversations (`heldReachWith`). */
  shareCases: boolean;
  /** "Schadenmeldung ohne Vertrag erlaubt", for the navigation's "Schäden" of a person who sees no contract. */
  claimsWithoutContract: boolean;
  /** "Nur Schadenmeldung": the grant shows nothing of the portfolio (`showsPortfolio`); the statements leave it out. */
  claimsOnly: boolean;
  /** "Schadenmeldungen müssen freigegeben werden", for deciding a claim with the grants (`visible-claim-repo.ts`). */
  claimsNeedRelease: boolean;
  /** The person's own "darf Schadenmeldungen freigeben" in this grant. */
  mayReleaseClaims: boolean;
}

export interface ContractFilterSql {
  customerNumber: string;
  sparte: string;
  status: string;
}

/** The columns of a contract the list and the overview show, with its customer's name parts. */
export interface ContractListRow {
  id: string;
  sparte: string;
  policyNumber: string;
  insurerNumber: string;
  insurerName: string | null;
  productName: string | null;
  status: string;
  paymentFrequency: string | null;
  premiumGrossCents: number | null;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
}

export interface CustomerListRow {
  id: string;
  customerNumber: string;
  displayName: string;
  postcode: string | null;
  city: string | null;
  contractCount: number;
}

export interface CustomerNameRow {
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Each Sparte's place in the portal's order as a number, so that a page sorts its contracts by a number where it
 * sorted by the Sparte's name with the ICU collation (and then by the code), keys that most comparisons of a page's
 * 300 contracts reach. The places are those of the names ("Sparte 123" for a code the table does not know) as
 * `und-x-icu` sorts them, which is how German sorts them; `visible-portfolio-sql.test.ts` checks, on both databases,
 * that sorting every possible code by its place and then its code gives the order of the names in the database.
 */
function sparteOrderPlaces(): { places: [code: string, place: number][]; unknownPlace: number } {
  const collator = new Intl.Collator('de');
  const codes = Array.from({ length: 1000 }, (_, index) => String(index).padStart(3, '0'));
  const sorted = codes
    .map((code) => ({ code, name: sparteName(code), isKnown: SPARTEN[code] !== undefined }))
    .sort((left, right) => collator.compare(left.name, right.name) || (left.code < right.code ? -1 : 1));
  const places: [string, number][] = [];
  let unknownPlace = 0;
  let place = 0;
  let previous: (typeof sorted)[number] | undefined;
  for (const entry of sorted) {
    if (entry.isKnown) {
      place += previous?.name === entry.name ? 0 : 1;
      places.push([entry.code, place]);
    } else if (previous === undefined || previous.isKnown) {
      // Codes the table does not know read "Sparte 123" and sort by their code among themselves: one place for all,
      // the code (the next key) orders them. A known name among them would need places of their own.
      if (unknownPlace !== 0) {
        throw new Error('a Sparte name sorts among the names of unknown codes');
      }
      place += 1;
      unknownPlace = place;
    }
    previous = entry;
  }
  return { places, unknownPlace };
}

const SPARTE_ORDER = sparteOrderPlaces();

/** The known Sparten's places (`sparteOrderPlaces`) as a constant table. */
const SPARTE_PLACES = sql.raw(
  `(values ${SPARTE_ORDER.places
    .map(([code, place]) => `(${literal(code)}, ${place})`)
    .join(', ')}) as sparte_places(code, place)`,
);

/** The portal's order within one status: the Sparte's name (by its place), its code, the product and the number. */
const ORDER_WITHIN_STATUS = sql`
  coalesce(sparte_places.place, ${sql.raw(String(SPARTE_ORDER.unknownPlace))}),
  k.line_of_business,
  coalesce(k.product_name, '') collate "und-x-icu",
  k.policy_number collate "und-x-icu",
  k.id`;

/** The portal's order: active, dormant, cancelled; then as `ORDER_WITHIN_STATUS`. */
const LIST_ORDER = sql`
  case k.status when 'active' then 0 when 'dormant' then 1 else 2 end, ${ORDER_WITHIN_STATUS}`;

const LIST_COLUMNS = sql`
  k.id, k.line_of_business as "sparte", k.policy_number as "policyNumber", k.insurer_number as "insurerNumber",
  k.insurer_name as "insurerName", k.product_name as "productName", k.status,
  k.payment_frequency as "paymentFrequency", k.premium_gross_cents::float8 as "premiumGrossCents",
  o.customer_number as "customerNumber", o.kind, o.first_name as "firstName", o.last_name as "lastName",
  o.company_name as "companyName"`;

/**
 * The person's grants as a table `g`: id, kind, numbers, automatic sharing, Sparte codes (null: all). The limit, the
 * number of grants written into the text, is the planner's only way to know how many rows the function gives: it
 * takes any set-returning function for 100 rows, so a probe per contract and grant looked a hundred times dearer than
 * it is, and PostgreSQL compiled such a page's statement (JIT) for more time than the statement then ran.
 */
function grantsWith(held: readonly GrantForSql[]): SQL {
  const rows = JSON.stringify(
    held.map((grant) => ({
      id: grant.id,
      kind: grant.kind,
      numbers: grant.numbers,
      auto: grant.shareContractsAutomatically,
      codes: grant.sparteCodes,
    })),
  );
  return sql`g as (
      select * from jsonb_to_recordset(${rows}::jsonb) as x(id uuid, kind text, numbers text[], auto boolean,
        codes text[]) limit ${sql.raw(String(held.length))}
    )`;
}

/** The customers the grants `g` reach, with the grant (not deduplicated): by number, or by intermediary account. */
function reachedRows(tenantId: string): SQL {
  return sql`
      select c.id as customer_id, g.id as grant_id, g.kind
        from g join ${customers} c on c.tenant_id = ${tenantId} and c.customer_number = any(g.numbers)
       where g.kind = 'customer'
      union all
      select a.customer_id, g.id, g.kind
        from g join ${customerIntermediaryAccounts} a on a.tenant_id = ${tenantId} and a.account_number = any(g.numbers)
       where g.kind = 'intermediary'`;
}

/**
 * The person's grants as a table `g`, the customers they reach (`reached`: a customer grant's customers by number,
 * an intermediary grant's by account) and the ids of the contracts they see (`visible`: with automatic sharing the
 * reached customers' contracts, and the contracts shared into the grant by hand, both within the grant's Sparten).
 * For the pages that need every visible contract (the whole list, the overview); a page of one customer's contracts
 * or of customers asks `isContractVisibleSql` of the few contracts it shows instead.
 */
function visibleWith(tenantId: string, source: GrantsSource): SQL {
  return sql`
    with ${grantsOf(tenantId, source)},
    reached as (${reachedRows(tenantId)}),
    visible as (
      select k.id
        from reached r join g on g.id = r.grant_id
        join ${contracts} k on k.tenant_id = ${tenantId} and k.customer_id = r.customer_id
       where g.auto and (g.codes is null or k.line_of_business = any(g.codes))
      union
      select k.id
        from g join ${contractShares} s on s.tenant_id = ${tenantId} and s.grant_id = g.id
        join ${contracts} k on k.tenant_id = ${tenantId} and k.id = s.contract_id
       where g.codes is null or k.line_of_business = any(g.codes)
    )`;
}

/**
 * The ids of the grants `g` that reach the customer `o` (a row of customers): a customer grant by number, an
 * intermediary grant by account (a probe of the accounts' primary key).
 */
function grantsReachingSql(tenantId: string): SQL {
  return sql`array(
    select g.id from g
     where case g.kind
             when 'customer' then o.customer_number = any(g.numbers)
             else exists (select 1 from ${customerIntermediaryAccounts} a
                           where a.customer_id = o.id and a.tenant_id = ${tenantId}
                             and a.account_number = any(g.numbers)) end)`;
}

/**
 * Whether one of the grants `g` shows the contract `k`, given the grants that reach its customer (`reaching`, as
 * `grantsReachingSql`): within the grant's Sparten, shared into it by hand or, with automatic sharing, of a customer
 * it reaches (the rule of `decideVisibility`, as `visibleWith` decides it for a whole portfolio). A page of one
 * customer's contracts or of customers decides the contracts it shows with it, not all the person sees.
 */
function isContractVisibleSql(tenantId: string, reaching: SQL): SQL {
  return sql`exists (
    select 1 from g
     where (g.codes is null or k.line_of_business = any(g.codes))
       and ((g.auto and g.id = any(${reaching}))
            or exists (select 1 from ${contractShares} s
                        where s.contract_id = k.id and s.grant_id = g.id and s.tenant_id = ${tenantId})))`;
}

/** Whether the grants `g` reach a customer through an intermediary account: the navigation's "Kunden". */
function hasIntermediaryCustomersSql(tenantId: string): SQL {
  return sql`exists (
    select 1 from g join ${customerIntermediaryAccounts} a
      on a.tenant_id = ${tenantId} and a.account_number = any(g.numbers)
     where g.kind = 'intermediary')`;
}

/**
 * Whether the grants `g` show any contract: the first of the reached customers' contracts within an automatic grant's
 * Sparten, or of the contracts shared by hand, ends the search (unlike `exists` over `visible`, whose union reads all).
 */
function hasContractsSql(tenantId: string): SQL {
  return sql`(exists (
      select 1 from (${reachedRows(tenantId)}) r join g on g.id = r.grant_id
        join ${contracts} k on k.tenant_id = ${tenantId} and k.customer_id = r.customer_id
       where g.auto and (g.codes is null or k.line_of_business = any(g.codes)))
    or exists (
      select 1 from g join ${contractShares} s on s.tenant_id = ${tenantId} and s.grant_id = g.id
        join ${contracts} k on k.tenant_id = ${tenantId} and k.id = s.contract_id
       where g.codes is null or k.line_of_business = any(g.codes)))`;
}

function filterOf(filter: ContractFilterSql): SQL {
  return sql`${filter.customerNumber === '' ? sql`` : sql`and o.customer_number = ${filter.customerNumber}`}
    ${filter.sparte === '' ? sql`` : sql`and k.line_of_business = ${filter.sparte}`}
    ${filter.status === '' ? sql`` : sql`and k.status = ${filter.status}`}`;
}

/**
 * The grants a person holds in the tenant with their numbers, while they have a customer role there that gives access
 * (the rule of `activeGrantsOf`): a statement of its own, or a subquery of the portal navigation's read model.
 */
export function heldGrantsStatement(tenantId: string, identityId: string, now: Date): SQL {
  return sql`
        select g.id, g.kind, g.share_contracts_automatically as "shareContractsAutomatically",
               g.restricted_lines_of_business as "restrictedLinesOfBusiness",
               g.include_claims as "includeClaims", g.share_cases as "shareCases",
               g.claims_without_contract as "claimsWithoutContract",
               g.claims_only as "claimsOnly", g.claims_need_release as "claimsNeedRelease",
               gm.may_release_claims as "mayReleaseClaims",
               coalesce((select array_agg(gc.customer_number) from ${grantCustomers} gc
                          where gc.tenant_id = ${tenantId} and gc.grant_id = g.id), '{}') as "numbers"
          from ${grantMembers} gm
          join ${grants} g on g.id = gm.grant_id and g.tenant_id = gm.tenant_id
         where gm.tenant_id = ${tenantId} and gm.identity_id = ${identityId}
           and exists (
             select 1 from ${memberships} m
              where m.tenant_id = ${tenantId} and m.identity_id = ${identityId} and m.deactivated_at is null
                and (m.first_login_at is not null or m.invitation_until is null
                     or m.invitation_until > ${now.toISOString()}::timestamptz)
                and m.role in ('policyholder', 'intermediary'))`;
}

/** The words of a grant's Sparten list that cover a code (no code themselves), as a constant table. */
const SPARTE_WORDS_TABLE = sql.raw(
  `(values ${sparteWordsCovering()
    .map(({ word, code }) => `(${literal(word)}, ${literal(code)})`)
    .join(', ')}) as sparte_words(word, code)`,
);

/** What `String.prototype.trim` removes: white space and line ends, Unicode's too. */
const TRIMMED = String.raw`[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+`;

/**
 * Whether a grant's Sparten list (`entries`, text[]) allows a contract's Sparte, the rule of `isSparteAllowed`: an
 * empty list allows all; an entry, read as `isSparteCoveredBy` reads it (NFC, trimmed, lower case), covers the code it
 * is, or the codes its word covers (`sparteWordsCovering`).
 */
function sparteAllowedSql(entries: SQL, sparte: SQL): SQL {
  return sql`(cardinality(${entries}) = 0 or exists (
    select 1
      from unnest(${entries}) as entry(value),
           lateral (select lower(regexp_replace(normalize(entry.value, NFC), ${`^${TRIMMED}|${TRIMMED}$`}, '', 'g')
                      collate "und-x-icu") as word) e
     where (e.word ~ '^[0-9]{3}$' and e.word = ${sparte})
        or exists (select 1 from ${SPARTE_WORDS_TABLE}
                    where sparte_words.word = e.word and sparte_words.code = ${sparte})))`;
}

/** A grant's Sparten list (`entries`, text[]) as each entry reads it (`sparteAllowedSql`): a table `e` of words. */
function entryWordsSql(entries: SQL): SQL {
  return sql`unnest(${entries}) as entry(value),
           lateral (select lower(regexp_replace(normalize(entry.value, NFC), ${`^${TRIMMED}|${TRIMMED}$`}, '', 'g')
                      collate "und-x-icu") as word) e`;
}

/**
 * The codes a non-empty Sparten list (`entries`, text[]) allows, as rows: the rule of `sparteAllowedSql` (and of
 * `sparteCodesAllowedBy`), an entry that is a code covers that code, a word the codes it covers.
 */
function sparteCodesSql(entries: SQL): SQL {
  return sql`select e.word collate "default" from ${entryWordsSql(entries)} where e.word ~ '^[0-9]{3}$'
    union
    select sparte_words.code from ${entryWordsSql(entries)}
      join ${SPARTE_WORDS_TABLE} on sparte_words.word = e.word`;
}

/**
 * The person's grants (`held`, as `heldGrantsStatement`) and the customers each reaches (`held_customers`: a customer
 * grant's by number, an intermediary grant's by account), as common table expressions: for a statement that decides
 * what the grants show without reading them first, the portal navigation's count of unread conversations. Unlike
 * `visibleWith`, the grants' Sparten are decided in the statement too (`sparteAllowedSql`).
 */
export function heldReachWith(tenantId: string, identityId: string, now: Date): SQL {
  return sql`held as (${heldGrantsStatement(tenantId, identityId, now)}),
    held_customers as (
      select h.id as grant_id, c.id as customer_id
        from held h join ${customers} c on c.tenant_id = ${tenantId} and c.customer_number = any(h.numbers)
       where h.kind = 'customer' and not h."claimsOnly"
      union
      select h.id, a.customer_id
        from held h
        join ${customerIntermediaryAccounts} a on a.tenant_id = ${tenantId} and a.account_number = any(h.numbers)
       where h.kind = 'intermediary' and not h."claimsOnly")`;
}

/**
 * Whether the grant `h` (a row of `heldReachWith`'s `held`) shows the contract: with automatic sharing a contract of a
 * customer it reaches, in any case one shared into it by hand, each only within the grant's Sparten — the rule of
 * `decideVisibility` for one grant.
 */
export function heldGrantShowsContract(tenantId: string, contractId: SQL): SQL {
  return sql`exists (
    select 1 from ${contracts} k
     where k.tenant_id = ${tenantId} and k.id = ${contractId}
       and ((h."shareContractsAutomatically"
             and exists (select 1 from held_customers hc where hc.grant_id = h.id and hc.customer_id = k.customer_id))
            or exists (select 1 from ${contractShares} s
                        where s.tenant_id = ${tenantId} and s.grant_id = h.id and s.contract_id = k.id))
       and ${sparteAllowedSql(sql`h."restrictedLinesOfBusiness"`, sql`k.line_of_business`)})`;
}

/**
 * What each grant the person holds shows of one place (a conversation's customer and contract), as a JSON array of
 * `GrantReachOfPlace` for `conversationScopesAt`: one scalar subquery, so that a statement reading a conversation
 * also reads what the policy needs to decide it, instead of the grants and everything they reach in statements of
 * their own. The same rules as the navigation's count of unread conversations (`heldReachWith`,
 * `heldGrantShowsContract`).
 */
export function heldReachOfPlace(
  tenantId: string,
  identityId: string,
  now: Date,
  place: { customerId: SQL; contractId: SQL },
): SQL {
  return sql`(with ${heldReachWith(tenantId, identityId, now)}
    select coalesce(json_agg(json_build_object(
             'grantId', h.id,
             'shareCases', h."shareCases",
             'isIntermediary', h.kind = 'intermediary' and not h."claimsOnly",
             'reachesCustomer', exists (select 1 from held_customers hc
                                         where hc.grant_id = h.id and hc.customer_id = ${place.customerId}),
             'showsContract', ${place.contractId} is not null
                              and ${heldGrantShowsContract(tenantId, place.contractId)})), '[]'::json)
      from held h)`;
}

/** The filter's customer choices: beyond this many, the customer list (with its search) is the way to one customer. */
export const CUSTOMER_CHOICES = 100;

/** What `contractList` finds. */
export interface ContractListFound {
  rows: ContractListRow[];
  total: number;
  page: number;
  /** The customers of the visible contracts, in no particular order; CUSTOMER_CHOICES + 1 when there are more. */
  customers: CustomerNameRow[];
  sparten: string[];
  /** The customer the filter names, when the person sees a contract of theirs; null without a customer filter. */
  chosen: CustomerNameRow | null;
  hasContracts: boolean;
  hasIntermediaryCustomers: boolean;
}

/**
 * The count of `matching`, the page shown (the last one when it asks beyond) and that page's rows in the portal's
 * order as one JSON array: the common end of the contract list's two statements, up to their further columns.
 */
function pageOfMatching(tenantId: string, paging: PagingSql): SQL {
  return sql`counted as (select count(*)::int as total from matching),
        shown as (select least(${paging.page}, greatest(1, ceil(total / ${paging.pageSize}::numeric)::int)) as page
                    from counted)
        select (select total from counted) as "total",
               (select page from shown) as "page",
               (select coalesce(json_agg(row_to_json(p)), '[]') from (
                  select ${LIST_COLUMNS}
                    from (select k.id from matching k
                            left join ${SPARTE_PLACES} on sparte_places.code = k.line_of_business
                           order by ${LIST_ORDER}
                           limit ${paging.pageSize} offset ((select page from shown) - 1) * ${paging.pageSize}) cut
                    join ${contracts} k on k.tenant_id = ${tenantId} and k.id = cut.id
                    join ${customers} o on o.id = k.customer_id
                    left join ${SPARTE_PLACES} on sparte_places.code = k.line_of_business
                   order by ${LIST_ORDER}) p) as "rows",`;
}

/**
 * What the overview reads of a visible contract: its order (`LIST_ORDER`), its figures, its row and whom to ask (so
 * that the adviser is chosen from these rows rather than from the contracts read a second time).
 */
const OVERVIEW_COLUMNS = sql`k.id, k.customer_id, k.line_of_business, k.status, k.product_name, k.policy_number,
  k.insurer_number, k.insurer_name, k.premium_gross_cents, k.payment_frequency, k.adviser, k.case_handler`;

/**
 * Whose grants a statement decides with: grants already read (`held`), or the person's (`person`), read in the
 * statement itself with their Sparten turned into codes there, so that a page costs no statement for its grants. The
 * statement then also answers the grants as read (`heldGrants`, for what the page shows of them) and `alsoRead`, a
 * column the caller adds (the navigation's flags).
 */
export type GrantsSource =
  { held: readonly GrantForSql[] } | { person: { identityId: string; now: Date; alsoRead: AlsoRead } };

/** A column a statement given a `person` reads besides (the navigation's flags), made from the person's values. */
export type AlsoRead = (tenantId: string, identityId: string, now: Date) => SQL;

/** What a statement given a `person` read besides its page: null for one given grants already read. */
export interface PersonRead {
  heldGrants: HeldGrantRow[] | null;
  alsoRead: unknown;
}

type PersonColumns = { heldGrants?: HeldGrantRow[] | string; alsoRead?: unknown };

function personReadOf(row: PersonColumns): PersonRead {
  return {
    heldGrants: row.heldGrants === undefined ? null : jsonColumnOf(row.heldGrants),
    alsoRead: row.alsoRead ?? null,
  };
}

/** The table `g` (id, kind, numbers, automatic sharing, Sparte codes or null for all) of `source`. */
function grantsOf(tenantId: string, source: GrantsSource): SQL {
  if ('held' in source) {
    return grantsWith(source.held);
  }
  const { identityId, now } = source.person;
  return sql`held as (${heldGrantsStatement(tenantId, identityId, now)}),
    g as (
      select h.id, h.kind, h.numbers, h."shareContractsAutomatically" as auto,
             case when cardinality(h."restrictedLinesOfBusiness") = 0 then null::text[]
                  else array(${sparteCodesSql(sql`h."restrictedLinesOfBusiness"`)}) end as codes
        from held h
       where not h."claimsOnly")`;
}

/** The columns a statement given a `person` adds: the grants as read and the caller's `alsoRead`. */
function personColumns(tenantId: string, source: GrantsSource): SQL {
  return 'held' in source
    ? sql``
    : sql`, (select coalesce(json_agg(h), '[]') from held h) as "heldGrants",
          ${source.person.alsoRead(tenantId, source.person.identityId, source.person.now)} as "alsoRead"`;
}

/** What `matching` carries of a contract: the portal's order (`LIST_ORDER`) and the filter (`filterOf`) need these. */
const SEEN_COLUMNS = sql`k.id, k.customer_id, k.line_of_business, k.status, k.product_name, k.policy_number`;

/**
 * The name parts of the customers of the tenant that `condition` (on `o`) selects, as one JSON array: at most
 * CUSTOMER_CHOICES + 1 of them, enough to tell whether the filter offers them.
 */
function customerChoices(tenantId: string, condition: SQL): SQL {
  return sql`(select coalesce(json_agg(json_build_object('customerNumber', o.customer_number, 'kind', o.kind,
                 'firstName', o.first_name, 'lastName', o.last_name, 'companyName', o.company_name)), '[]')
                from (select o.* from ${customers} o where o.tenant_id = ${tenantId} and ${condition}
                       limit ${CUSTOMER_CHOICES + 1}) o)`;
}

/** The contract list's statement (`contractList`). */
function contractListStatement(
  tenantId: string,
  source: GrantsSource,
  filter: ContractFilterSql,
  paging: PagingSql,
): SQL {
  return filter.customerNumber === ''
    ? sql`${KEEP_PLAN}
        with ${grantsOf(tenantId, source)},
        reached as (${reachedRows(tenantId)}),
        seen as (
          select ${SEEN_COLUMNS}
            from reached r join g on g.id = r.grant_id
            join ${contracts} k on k.tenant_id = ${tenantId} and k.customer_id = r.customer_id
           where g.auto and (g.codes is null or k.line_of_business = any(g.codes))
          union
          select ${SEEN_COLUMNS}
            from g join ${contractShares} s on s.tenant_id = ${tenantId} and s.grant_id = g.id
            join ${contracts} k on k.tenant_id = ${tenantId} and k.id = s.contract_id
           where g.codes is null or k.line_of_business = any(g.codes)),
        matching as (select * from seen k where true ${filterOf(filter)}),
        ${pageOfMatching(tenantId, paging)}
               ${customerChoices(tenantId, sql`o.id in (select customer_id from seen)`)} as "customers",
               (select coalesce(array_agg(distinct line_of_business), '{}') from seen) as "sparten",
               exists (select 1 from seen) as "hasContracts",
               null::json as "chosen",
               exists (select 1 from reached where kind = 'intermediary') as "hasIntermediaryCustomers"
               ${personColumns(tenantId, source)}`
    : sql`${KEEP_PLAN}
        with ${grantsOf(tenantId, source)},
        chosen as (select o.id, ${grantsReachingSql(tenantId)} as grant_ids,
                          json_build_object('customerNumber', o.customer_number, 'kind', o.kind,
                            'firstName', o.first_name, 'lastName', o.last_name, 'companyName', o.company_name) as name
                     from ${customers} o
                    where o.tenant_id = ${tenantId} and o.customer_number = ${filter.customerNumber}),
        seen as (select ${SEEN_COLUMNS} from chosen
                   join ${contracts} k on k.tenant_id = ${tenantId} and k.customer_id = chosen.id
                  where ${isContractVisibleSql(tenantId, sql`chosen.grant_ids`)}),
        matching as (select * from seen k where true ${filterOf({ ...filter, customerNumber: '' })}),
        candidates as (${reachedRows(tenantId)}
          union all
          select k.customer_id, g.id, g.kind from g
            join ${contractShares} s on s.tenant_id = ${tenantId} and s.grant_id = g.id
            join ${contracts} k on k.tenant_id = ${tenantId} and k.id = s.contract_id),
        ${pageOfMatching(tenantId, paging)}
               ${customerChoices(
                 tenantId,
                 // A scalar subquery with a limit is probed customer by customer until the choices are full; an
                 // `exists` here was turned into a join with all the tenant's contracts.
                 sql`o.id in (select customer_id from candidates)
                     and coalesce((select true from ${contracts} k
                                    where k.tenant_id = ${tenantId} and k.customer_id = o.id
                                      and ${isContractVisibleSql(tenantId, grantsReachingSql(tenantId))}
                                    limit 1), false)`,
               )} as "customers",
               (select coalesce(array_agg(distinct line_of_business), '{}') from seen) as "sparten",
               null::boolean as "hasContracts",
               (select name from chosen where exists (select 1 from seen)) as "chosen",
               ${hasIntermediaryCustomersSql(tenantId)} as "hasIntermediaryCustomers"
               ${personColumns(tenantId, source)}`;
}

/** The overview's statement (`overview`). */
function overviewStatement(tenantId: string, source: GrantsSource): SQL {
  return sql`${KEEP_PLAN}
        ${visibleWith(tenantId, source)},
        seen as (select ${OVERVIEW_COLUMNS} from ${contracts} k
                  where k.tenant_id = ${tenantId} and k.id in (select id from visible))
        select count(*)::int as "contractCount", count(distinct customer_id)::int as "customerCount",
               exists (select 1 from reached where kind = 'intermediary') as "hasIntermediaryCustomers",
               (select person from (
                  select 0 as source, o.customer_number as key1, '' as key2, '' as key3,
                         coalesce(nullif(o.adviser, 'null'::jsonb), nullif(o.case_handler, 'null'::jsonb)) as person
                    from ${customers} o where o.tenant_id = ${tenantId} and o.id in (select customer_id from reached)
                  union all
                  select 1, s.line_of_business, s.insurer_number, s.policy_number,
                         coalesce(nullif(s.adviser, 'null'::jsonb), nullif(s.case_handler, 'null'::jsonb))
                    from seen s) people
                 where person is not null
                 order by source, key1, key2, key3 limit 1) as "adviser",
               (select coalesce(json_agg(array[
                         k.id::text, k.line_of_business, k.policy_number, k.insurer_number, k.insurer_name,
                         k.product_name, k.payment_frequency, k.premium_gross_cents::text, k.customer_id::text]
                         order by ${ORDER_WITHIN_STATUS}), '[]')
                  from seen k left join ${SPARTE_PLACES} on sparte_places.code = k.line_of_business
                 where k.status = 'active') as "active",
               (select coalesce(json_agg(array[
                         o.id::text, o.customer_number, o.kind, o.first_name, o.last_name, o.company_name]), '[]')
                  from ${customers} o
                 where o.tenant_id = ${tenantId}
                   and o.id in (select customer_id from seen where status = 'active')) as "owners"
               ${personColumns(tenantId, source)}
          from seen`;
}

/** A page's number and size, as numbers, or as a statement built once gets them (text that is the number). */
interface PagingSql {
  page: number | string;
  pageSize: number | string;
}

const NO_FILTER: ContractFilterSql = { customerNumber: '', sparte: '', status: '' };
const NO_PAGING: PagingSql = { page: 1, pageSize: 1 };

type StatementBuilder = (tenantId: string, source: GrantsSource, filter: ContractFilterSql, paging: PagingSql) => SQL;

/** What a statement given a `person` takes per execution, in the form `builtOnce` takes it. */
type PersonValues = {
  tenantId: string;
  identityId: string;
  now: Date;
  page: string;
  pageSize: string;
  customerNumber: string;
  sparte: string;
  status: string;
};
const PERSON_VALUES = {
  tenantId: 'id',
  identityId: 'id',
  now: 'time',
  page: 'id',
  pageSize: 'id',
  customerNumber: 'id',
  sparte: 'id',
  status: 'id',
} as const;

/** The statements built once, by builder and the filter's shape, with the caller's `alsoRead` they were built with. */
const builtStatements = new Map<string, { alsoRead: AlsoRead; statement: (values: PersonValues) => SQL }>();
const builderNames = new Map<StatementBuilder, string>();

/**
 * The statement of `build` for these values. Given a `person` (the page's own grants and navigation read in it), its
 * text is built once per shape of the filter (which of customer, Sparte and status it names) and afterwards only
 * filled with the values: the navigation's part alone is some 9,000 characters from nested templates, and building
 * it on every request cost about as much of Portico's CPU as the round trip it saves. Statements given grants already
 * read are built each time (their grants' count is part of the text).
 */
function statementOf(
  tenantId: string,
  source: GrantsSource,
  filter: ContractFilterSql,
  paging: PagingSql,
  build: StatementBuilder,
): SQL {
  if ('held' in source) {
    return build(tenantId, source, filter, paging);
  }
  const { identityId, now, alsoRead } = source.person;
  let name = builderNames.get(build);
  if (name === undefined) {
    name = String(builderNames.size);
    builderNames.set(build, name);
  }
  const shape = `${name}:${filter.customerNumber === ''}:${filter.sparte === ''}:${filter.status === ''}`;
  let built = builtStatements.get(shape);
  if (built === undefined || built.alsoRead !== alsoRead) {
    const statement = builtOnce<PersonValues>(PERSON_VALUES, (values) =>
      build(
        values.tenantId,
        { person: { identityId: values.identityId, now: values.now, alsoRead } },
        {
          customerNumber: filter.customerNumber === '' ? '' : values.customerNumber,
          sparte: filter.sparte === '' ? '' : values.sparte,
          status: filter.status === '' ? '' : values.status,
        },
        { page: values.page, pageSize: values.pageSize },
      ),
    );
    built = { alsoRead, statement };
    builtStatements.set(shape, built);
  }
  return built.statement({
    tenantId,
    identityId,
    now,
    page: String(paging.page),
    pageSize: String(paging.pageSize),
    ...filter,
  });
}

export function createVisiblePortfolioQueries(db: Database) {
  return {
    /**
     * The grants a person holds in the tenant with their numbers, in one statement, while they have a customer role
     * there that gives access (the rule of `activeGrantsOf`).
     */
    async heldGrants(tenantId: string, identityId: string, now: Date): Promise<HeldGrantRow[]> {
      return rowsOf<HeldGrantRow>(await db.execute(heldGrantsStatement(tenantId, identityId, now)));
    },

    /**
     * The contract list in one statement: the page asked for (the last one when it asks beyond) of the visible
     * contracts that match the filter, in the portal's order, with the count of all that match; the filter's
     * choices (the customers of the visible contracts, none beyond CUSTOMER_CHOICES of them, and the Sparten of the
     * visible contracts, of the chosen customer's when the filter names one); and the navigation's summary. With a
     * customer in the filter only that customer's contracts are decided (`isContractVisibleSql`); without, every
     * visible contract is (`visibleWith`), as the count and the order need them. The page's rows come as one JSON
     * array.
     */
    async contractList(
      tenantId: string,
      source: GrantsSource,
      filter: ContractFilterSql,
      paging: { page: number; pageSize: number },
    ): Promise<ContractListFound & PersonRead> {
      const result = await db.execute(statementOf(tenantId, source, filter, paging, contractListStatement));
      type Row = Omit<ContractListFound, 'rows' | 'customers' | 'chosen' | 'hasContracts'> & {
        rows: ContractListRow[] | string;
        customers: CustomerNameRow[] | string;
        chosen: CustomerNameRow | string | null;
        hasContracts: boolean | null;
      } & PersonColumns;
      const { heldGrants, alsoRead, ...row } = required(rowsOf<Row>(result)[0]);
      const choices = jsonColumnOf(row.customers);
      return {
        ...row,
        ...personReadOf({ heldGrants, alsoRead }),
        rows: jsonColumnOf(row.rows),
        customers: choices,
        chosen: row.chosen === null ? null : jsonColumnOf(row.chosen),
        // A customer's page reads no whole portfolio; a customer among the choices is one with a visible contract.
        hasContracts: row.hasContracts ?? choices.length > 0,
      };
    },

    /**
     * The overview's figures in one statement: the count of visible contracts and of their customers, whom to ask
     * (the first adviser or case handler of the reached customers by number, else of the visible contracts by key),
     * whether an intermediary grant reaches a customer, and the active contracts in the portal's order (one JSON
     * array of arrays, with their customers' names in another).
     */
    async overview(
      tenantId: string,
      source: GrantsSource,
    ): Promise<
      {
        contractCount: number;
        customerCount: number;
        adviser: ContactPerson | null;
        hasIntermediaryCustomers: boolean;
        active: ContractListRow[];
      } & PersonRead
    > {
      // The active contracts come as arrays of the columns the overview uses, and their customers' names once each
      // (the name parts repeated on every row were most of the text): building, sending and parsing them cost more
      // than the rest of the statement. The arrays are text arrays (the premium's whole cents as digits), which the
      // database turns into JSON with one look-up of the type per statement rather than one per value.
      const result = await db.execute(statementOf(tenantId, source, NO_FILTER, NO_PAGING, overviewStatement));
      type ActiveRow = [
        id: string,
        sparte: string,
        policyNumber: string,
        insurerNumber: string,
        insurerName: string | null,
        productName: string | null,
        paymentFrequency: string | null,
        premiumGrossCents: string | null,
        customerId: string,
      ];
      type OwnerRow = [
        id: string,
        customerNumber: string,
        kind: string,
        firstName: string | null,
        lastName: string | null,
        companyName: string | null,
      ];
      type Row = {
        contractCount: number;
        customerCount: number;
        adviser: ContactPerson | null;
        hasIntermediaryCustomers: boolean;
        active: ActiveRow[] | string;
        owners: OwnerRow[] | string;
      } & PersonColumns;
      const { active, owners, heldGrants, alsoRead, ...row } = required(rowsOf<Row>(result)[0]);
      const ownerById = new Map(jsonColumnOf(owners).map((owner) => [owner[0], owner]));
      return {
        ...row,
        ...personReadOf({ heldGrants, alsoRead }),
        active: jsonColumnOf(active).map((contract): ContractListRow => {
          const owner = required(ownerById.get(contract[8]));
          return {
            id: contract[0],
            sparte: contract[1],
            policyNumber: contract[2],
            insurerNumber: contract[3],
            insurerName: contract[4],
            productName: contract[5],
            status: 'active',
            paymentFrequency: contract[6],
            premiumGrossCents: contract[7] === null ? null : Number(contract[7]),
            customerNumber: owner[1],
            kind: owner[2],
            firstName: owner[3],
            lastName: owner[4],
            companyName: owner[5],
          };
        }),
      };
    },

    /** Whether the person sees any contract, and whether an intermediary grant reaches a customer. */
    async summary(
      tenantId: string,
      held: readonly GrantForSql[],
    ): Promise<{ hasContracts: boolean; hasIntermediaryCustomers: boolean }> {
      const result = await db.execute(sql`
        with ${grantsWith(held)}
        select ${hasContractsSql(tenantId)} as "hasContracts",
               ${hasIntermediaryCustomersSql(tenantId)} as "hasIntermediaryCustomers"`);
      const [row] = rowsOf<{ hasContracts: boolean; hasIntermediaryCustomers: boolean }>(result);
      return {
        hasContracts: row?.hasContracts ?? false,
        hasIntermediaryCustomers: row?.hasIntermediaryCustomers ?? false,
      };
    },

    /**
     * One page of the customers the grants reach whose name or number contains the search (already lower case), by
     * name (the last page when it asks beyond), with the count of all that match, each one's visible contracts (decided
     * for that customer's contracts alone) and the navigation's summary, in one statement.
     */
    async customerPage(
      tenantId: string,
      held: readonly GrantForSql[],
      needle: string,
      paging: { page: number; pageSize: number },
    ): Promise<{
      rows: CustomerListRow[];
      total: number;
      page: number;
      hasContracts: boolean;
      hasIntermediaryCustomers: boolean;
    }> {
      const result = await db.execute(sql`
        with ${grantsWith(held)},
        matching as (
          select o.id, o.customer_number, o.kind, o.postcode, o.city, n.display_name
            from ${customers} o
            cross join lateral (
              select case when o.kind = 'business' and o.company_name is not null then o.company_name
                          else coalesce(nullif(concat_ws(' ', nullif(o.first_name, ''), nullif(o.last_name, '')), ''),
                                        o.company_name, '') end as display_name) n
           where o.tenant_id = ${tenantId} and o.id in (select customer_id from (${reachedRows(tenantId)}) r)
             and (${needle} = ''
              or strpos(lower(n.display_name collate "und-x-icu"), ${needle}) > 0
              or strpos(lower(o.customer_number collate "und-x-icu"), ${needle}) > 0)),
        counted as (select count(*)::int as total from matching),
        shown as (select least(${paging.page}, greatest(1, ceil(total / ${paging.pageSize}::numeric)::int)) as page
                    from counted)
        select (select total from counted) as "total",
               (select page from shown) as "page",
               (select coalesce(json_agg(json_build_object(
                         'id', p.id, 'customerNumber', p.customer_number, 'displayName', p.display_name,
                         'postcode', p.postcode, 'city', p.city,
                         'contractCount', (select count(*)::int from ${contracts} k
                                            where k.tenant_id = ${tenantId} and k.customer_id = p.id
                                              and ${isContractVisibleSql(tenantId, sql`p.grant_ids`)}))
                         order by p.display_name collate "und-x-icu", p.customer_number, p.id), '[]')
                  from (select o.*, ${grantsReachingSql(tenantId)} as grant_ids
                          from (select * from matching m
                                 order by m.display_name collate "und-x-icu", m.customer_number, m.id
                                 limit ${paging.pageSize}
                                 offset ((select page from shown) - 1) * ${paging.pageSize}) o) p) as "rows",
               ${hasContractsSql(tenantId)} as "hasContracts",
               ${hasIntermediaryCustomersSql(tenantId)} as "hasIntermediaryCustomers"`);
      type Row = {
        total: number;
        page: number;
        rows: CustomerListRow[] | string;
        hasContracts: boolean;
        hasIntermediaryCustomers: boolean;
      };
      const row = required(rowsOf<Row>(result)[0]);
      return { ...row, rows: jsonColumnOf(row.rows) };
    },

    /**
     * The Sparte codes the statements given a `person` take a grant's Sparten list to allow (null: all), for checking
     * them against `sparteCodesAllowedBy`.
     */
    async sparteCodesBySql(entries: readonly string[]): Promise<string[] | null> {
      const result = await db.execute(sql`
        select case when cardinality(h."restrictedLinesOfBusiness") = 0 then null::text[]
                    else array(select code from (${sparteCodesSql(sql`h."restrictedLinesOfBusiness"`)}) c(code)
                                order by code collate "C") end as "codes"
          from (select array(select jsonb_array_elements_text(${JSON.stringify(entries)}::jsonb))
                         as "restrictedLinesOfBusiness") h`);
      return required(rowsOf<{ codes: string[] | null }>(result)[0]).codes;
    },

    /**
     * Every possible Sparte code (three digits) in the order the pages sort by (`ORDER_WITHIN_STATUS`: the place, then
     * the code), for checking the places against the names' order in the database's collation.
     */
    async sparteCodesInPageOrder(): Promise<string[]> {
      const result = await db.execute(sql`
        select k.line_of_business as "code"
          from (select lpad(n::text, 3, '0') as line_of_business from generate_series(0, 999) n) k
          left join ${SPARTE_PLACES} on sparte_places.code = k.line_of_business
         order by coalesce(sparte_places.place, ${sql.raw(String(SPARTE_ORDER.unknownPlace))}), k.line_of_business`);
      return rowsOf<{ code: string }>(result).map((row) => row.code);
    },

    /** The ids of every visible contract and reached customer: for checking the statements against the policy. */
    async visibleIds(
      tenantId: string,
      held: readonly GrantForSql[],
    ): Promise<{ contractIds: string[]; customerIds: string[] }> {
      const result = await db.execute(sql`
        ${visibleWith(tenantId, { held })}
        select 'contract' as "what", id from visible
        union all
        select distinct 'customer', customer_id from reached`);
      const rows = rowsOf<{ what: string; id: string }>(result);
      return {
        contractIds: rows.filter((row) => row.what === 'contract').map((row) => row.id),
        customerIds: rows.filter((row) => row.what === 'customer').map((row) => row.id),
      };
    },
  };
}
