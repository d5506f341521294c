import type { DevMailRow } from '../../modules/outbox/outbox-repo.js';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** The plain-text body with its links made clickable; everything else stays escaped text. */
function TextWithLinks(props: { text: string }) {
  const parts = props.text.split(URL_PATTERN);
  return (
    <pre class="mail-text">{parts.map((part, index) => (index % 2 === 1 ? <a href={part}>{part}</a> : part))}</pre>
  );
}

export function DevMailList(props: { mails: DevMailRow[] }) {
  return (
    <section class="card stack">
      <h1>Entwicklungs-Postfach</h1>
      <p class="muted">Hier landen alle E-Mails, solange kein SMTP_URL eingestellt ist. Nur für die Entwicklung.</p>
      {props.mails.length === 0 ? (
        <p>Noch keine E-Mails.</p>
      ) : (
        <ul class="list">
          {props.mails.map((mail) => (
            <li>
              <a href={`/_dev/mail/${mail.id}`}>{mail.subject}</a>
              <p class="muted">
                {`an ${mail.toAddress} · von ${mail.fromHeader} · ` +
                  `${mail.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DevMailDetail(props: { mail: DevMailRow }) {
  return (
    <section class="card stack">
      <p>
        <a href="/_dev/mail">← Alle E-Mails</a>
      </p>
      <h1>{props.mail.subject}</h1>
      <p class="muted">{`Von: ${props.mail.fromHeader}`}</p>
      <p class="muted">{`An: ${props.mail.toAddress}`}</p>
      <p>
        <a href={`/_dev/mail/${props.mail.id}/html`}>HTML-Fassung ansehen</a>
      </p>
      <TextWithLinks text={props.mail.textBody} />
    </section>
  );
}
