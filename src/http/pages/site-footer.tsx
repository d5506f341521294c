import type { TenantContact } from '../../modules/tenants/tenant.js';
import { telephoneHref } from '../../modules/tenants/tenant-contact.js';
import type { Translator } from '../../shared/i18n/translator.js';

/**
 * The broker's legal pages and how to reach them, on every page of the broker's portal, the
 * login included: an Impressum must be reachable from every page. Unset parts are left out.
 */
export function SiteFooter(props: {
  brokerName: string | null;
  platformName: string;
  contact: TenantContact | null;
  t: Translator;
}) {
  const { t, contact } = props;
  const reach = contact === null ? [] : [contact.phone, contact.email].filter((part) => part !== null);
  const hasLegalLinks = contact !== null && (contact.imprintUrl !== null || contact.privacyUrl !== null);
  return (
    <footer class="site-footer">
      <div class="site-footer-inner">
        {props.brokerName !== null && contact !== null && reach.length > 0 ? (
          <p class="footer-contact">
            <span>{props.brokerName}</span>
            {contact.phone === null ? null : (
              <span>
                {t('Telefon')}{' '}
                <a href={telephoneHref(contact.phone)} class="nowrap">
                  {contact.phone}
                </a>
              </span>
            )}
            {contact.email === null ? null : (
              <span>
                {t('E-Mail')} <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </span>
            )}
          </p>
        ) : null}
        {hasLegalLinks ? (
          <nav class="footer-links" aria-label={t('Rechtliches')}>
            {contact.imprintUrl === null ? null : <a href={contact.imprintUrl}>{t('Impressum')}</a>}
            {contact.privacyUrl === null ? null : <a href={contact.privacyUrl}>{t('Datenschutz')}</a>}
          </nav>
        ) : null}
        <p>
          {props.brokerName !== null
            ? t('Ein Kundenportal von {broker} · bereitgestellt mit {platform}', {
                broker: props.brokerName,
                platform: props.platformName,
              })
            : props.platformName}
        </p>
      </div>
    </footer>
  );
}
