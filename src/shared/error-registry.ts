import type { ErrorCode, ErrorDetail } from './errors.js';
import { message, personText, translatorFor, type Language, type Message, type PersonText } from './i18n/translator.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export interface ErrorEntry {
  /** The HTTP status of the API's problem and of a page that shows the error. */
  readonly status: ErrorStatus;
  /** For a person, in German; the English catalogue has the English. `{name}` placeholders take the error's params. */
  readonly text: Message;
}

/**
 * Every expected failure, once. A code without status or text does not compile, so pages, the API
 * and the CLI never have to guess; routes do not keep their own wording for a code.
 */
export const ERROR_REGISTRY: Record<ErrorCode, ErrorEntry> = {
  CONTACT_URL_INVALID: {
    status: 422,
    text: message('Bitte geben Sie eine vollständige Adresse ein, z. B. https://www.ihr-makler.de/impressum.'),
  },
  CONTACT_URL_NOT_HTTPS: {
    status: 422,
    text: message('Bitte geben Sie eine sichere Adresse an, die mit https:// beginnt.'),
  },
  CONTACT_URL_TOO_LONG: { status: 422, text: message('Die Adresse darf höchstens {max} Zeichen haben.') },
  CONTACT_PHONE_INVALID: {
    status: 422,
    text: message(
      'Bitte geben Sie die Telefonnummer mit Ziffern ein, z. B. +49 221 123456 (erlaubt sind auch Leerzeichen, +, /, - und Klammern; höchstens {max} Zeichen).',
    ),
  },
  CONTACT_EMAIL_INVALID: {
    status: 422,
    text: message('Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. service@ihr-makler.de.'),
  },
  CONTACT_OFFICE_HOURS_INVALID: {
    status: 422,
    text: message('Die Bürozeiten passen in eine Zeile mit höchstens {max} Zeichen.'),
  },
  CONTACT_ADDRESS_INVALID: {
    status: 422,
    text: message('Die Anschrift hat höchstens {lines} Zeilen mit je höchstens {max} Zeichen.'),
  },
  VALIDATION_FAILED: {
    status: 422,
    text: message('Die Angaben sind ungültig. Bitte prüfen Sie sie und senden Sie sie erneut.'),
  },
  EMAIL_INVALID: {
    status: 422,
    text: message('Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.'),
  },
  NAME_INVALID: {
    status: 422,
    text: message('Bitte geben Sie den Namen der Person ein (höchstens 120 Zeichen, ohne Steuerzeichen).'),
  },
  KIND_INVALID: { status: 422, text: message('Bitte wählen Sie eine Art aus der Liste.') },
  EMAIL_TAKEN: { status: 409, text: message('Diese E-Mail-Adresse gehört bereits einer anderen Person.') },
  EMAIL_UNCHANGED: { status: 422, text: message('Das ist bereits Ihre E-Mail-Adresse.') },
  EMAIL_CHANGE_TOO_SOON: {
    status: 429,
    text: message('Vor weniger als einer Minute wurde bereits ein Link verschickt. Bitte warten Sie kurz.'),
  },
  CURRENT_PASSWORD_WRONG: { status: 401, text: message('Das Passwort ist nicht korrekt. Es wurde nichts geändert.') },
  SECOND_FACTOR_CODE_WRONG: {
    status: 401,
    text: message('Der Code ist nicht korrekt. Bitte geben Sie den Code ein, den die App gerade anzeigt.'),
  },
  SECOND_FACTOR_PROOF_WRONG: {
    status: 401,
    text: message('Passwort oder Code sind nicht korrekt. Es wurde nichts geändert.'),
  },
  IDENTITY_NOT_FOUND: { status: 404, text: message('Diese Person gibt es hier nicht.') },
  PERSON_NOT_FOUND: { status: 404, text: message('Diese Person gibt es hier nicht.') },
  PERSON_HAS_PASSWORD: {
    status: 409,
    text: message('Diese Person hat bereits ein Passwort; es gibt keine offene Einladung.'),
  },
  PEOPLE_NONE_CHOSEN: { status: 422, text: message('Bitte wählen Sie mindestens eine Person aus.') },
  INVITATION_TOO_SOON: {
    status: 409,
    text: message('Vor weniger als einer Minute wurde bereits eine Einladung gesendet. Bitte warten Sie kurz.'),
  },
  OPERATOR_ONLY: {
    status: 403,
    text: message(
      'Diese Person hat auch bei einem anderen Makler einen Zugang. Sperre und zweiter Faktor gelten für alle ihre Zugänge: Bitte wenden Sie sich an den Betreiber der Plattform.',
    ),
  },
  ROLE_ORDER: {
    status: 403,
    text: message('Das darf bei dieser Person nur eine Administratorin oder ein Administrator.'),
  },
  LAST_ADMIN: {
    status: 409,
    text: message(
      'Die letzte aktive Administratorin bzw. der letzte aktive Administrator kann nicht deaktiviert werden.',
    ),
  },
  TOO_MANY_LINK_ATTEMPTS: { status: 429, text: message('Zu viele ungültige Links') },
  LOGIN_FAILED: {
    status: 401,
    text: message('E-Mail-Adresse oder Passwort sind nicht korrekt, oder für diese Adresse besteht hier kein Zugang.'),
  },
  LOGIN_CODE_WRONG: {
    status: 401,
    text: message('Der Code ist nicht korrekt oder wurde schon verwendet. Bitte geben Sie den aktuellen Code ein.'),
  },

  // The portal (tenant) and its addresses
  TENANT_NOT_FOUND: { status: 404, text: message('Dieses Portal gibt es nicht.') },
  TENANT_SLUG_INVALID: {
    status: 422,
    text: message('Die Kurzbezeichnung ist ungültig: 1 bis 40 Kleinbuchstaben, Ziffern und Bindestriche.'),
  },
  TENANT_SLUG_TAKEN: { status: 409, text: message('Diese Kurzbezeichnung wird bereits verwendet.') },
  TENANT_NAME_INVALID: {
    status: 422,
    text: message('Bitte geben Sie den Namen des Portals ein (1 bis {max} Zeichen).'),
  },
  HOST_INVALID: {
    status: 422,
    text: message('Bitte geben Sie eine Adresse wie portal.ihr-makler.de ein (ohne https:// und ohne Pfad).'),
  },
  HOST_TAKEN: { status: 409, text: message('Diese Adresse wird bereits verwendet.') },
  HOSTS_TOO_MANY: { status: 422, text: message('Ein Portal kann höchstens {max} Adressen haben.') },
  HOST_NOT_FOUND: { status: 404, text: message('Diese Adresse gehört nicht zu diesem Portal.') },
  HOST_LAST: { status: 422, text: message('Die letzte Adresse kann nicht entfernt werden.') },
  HOST_IS_PRIMARY: {
    status: 422,
    text: message(
      'Die Hauptadresse kann nicht entfernt werden. Legen Sie zuerst eine andere Adresse als Hauptadresse fest.',
    ),
  },
  COLOUR_INVALID: { status: 422, text: message('Bitte geben Sie die Farbe als Hex-Wert ein, z. B. #1f4e79.') },
  COLOUR_CONTRAST_LOW: {
    status: 422,
    text: message(
      'Weiße Schrift auf dieser Farbe ist schwer lesbar (Kontrast {ratio} : 1, nötig sind mindestens 4,5 : 1). Bitte wählen Sie eine dunklere Farbe.',
    ),
  },
  SENDER_NAME_INVALID: { status: 422, text: message('Der Absendername darf höchstens {max} Zeichen haben.') },
  REPLY_TO_INVALID: {
    status: 422,
    text: message(
      'Bitte geben Sie eine gültige Antwortadresse ein, z. B. service@makler.de, oder lassen Sie das Feld leer.',
    ),
  },
  INVITATION_LIFETIME_INVALID: {
    status: 422,
    text: message('Die Gültigkeit einer Einladung muss zwischen {min} und {max} Tagen liegen.'),
  },
  SESSION_IDLE_INVALID: {
    status: 422,
    text: message('Die Abmeldung bei Inaktivität muss zwischen {min} und {max} Minuten liegen.'),
  },
  SESSION_ABSOLUTE_INVALID: {
    status: 422,
    text: message('Die längste Sitzungsdauer muss zwischen {min} und {max} Stunden liegen.'),
  },
  LANGUAGE_INVALID: { status: 422, text: message('Bitte wählen Sie Deutsch oder Englisch.') },
  LOGO_MISSING: { status: 422, text: message('Bitte wählen Sie eine Datei aus.') },
  LOGO_TOO_LARGE: { status: 422, text: message('Das Logo ist zu groß: höchstens {kilobytes} KB.') },
  LOGO_DAMAGED: { status: 422, text: message('Die PNG-Datei ist beschädigt.') },
  LOGO_DIMENSIONS_TOO_LARGE: {
    status: 422,
    text: message('Das Logo darf höchstens {side} × {side} Pixel groß sein.'),
  },
  LOGO_TYPE_INVALID: { status: 422, text: message('Bitte laden Sie eine PNG- oder SVG-Datei hoch.') },
  LOGO_DOCTYPE: {
    status: 422,
    text: message('Das SVG enthält eine Dokumenttyp-Deklaration; bitte speichern Sie es ohne sie.'),
  },
  LOGO_MARKUP_FORBIDDEN: {
    status: 422,
    text: message(
      'Das SVG enthält Skripte, Ereignis-Attribute oder eingebettete Inhalte. Bitte laden Sie eine reine Grafik hoch.',
    ),
  },

  // Grants (Freischaltungen), profiles and delegation
  GRANT_NOT_FOUND: { status: 404, text: message('Diese Freischaltung gibt es nicht.') },
  GRANT_NAME_INVALID: {
    status: 422,
    text: message('Der Name der Freischaltung muss 1 bis 120 Zeichen haben, ohne Steuerzeichen.'),
  },
  GRANT_NAME_TAKEN: { status: 409, text: message('Eine Freischaltung mit diesem Namen gibt es schon.') },
  GRANT_KIND_MISMATCH: { status: 422, text: message('Diese Freischaltung passt nicht zur Art der Person.') },
  CUSTOMER_NUMBER_INVALID: {
    status: 422,
    text: message(
      'Eine Kundennummer ist ungültig: erlaubt sind bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -.',
    ),
  },
  STAFF_MEMBER_INVALID: { status: 422, text: message('Bitte wählen Sie den Betreuer aus der Liste.') },
  PROFILE_NOT_FOUND: { status: 404, text: message('Dieses Profil gibt es nicht.') },
  PROFILE_NAME_INVALID: { status: 422, text: message('Bitte geben Sie einen Namen ein (1 bis {max} Zeichen).') },
  PROFILE_NAME_TAKEN: { status: 409, text: message('Ein Profil mit diesem Namen gibt es schon.') },
  LINES_OF_BUSINESS_INVALID: {
    status: 422,
    text: message('Sparten: höchstens {max}, durch Komma getrennt, je bis zu 40 Buchstaben, Ziffern und Leerzeichen.'),
  },
  DOCUMENT_PROFILE_INVALID: { status: 422, text: message('Das Dokumentenprofil darf höchstens {max} Zeichen haben.') },
  DOCUMENT_PROFILE_UNKNOWN: { status: 422, text: message('Bitte wählen Sie ein Dokumentenprofil aus der Liste.') },
  CSV_FILE_MISSING: { status: 422, text: message('Bitte wählen Sie eine CSV-Datei aus.') },
  CSV_FILE_EMPTY: { status: 422, text: message('Die Datei ist leer.') },
  CSV_FILE_TOO_LARGE: { status: 422, text: message('Die Datei ist zu groß: höchstens 2 MB.') },
  CSV_ENCODING_INVALID: {
    status: 422,
    text: message('Die Datei ist nicht in UTF-8 gespeichert. Bitte speichern Sie sie als „CSV UTF-8“.'),
  },
  CSV_MALFORMED: {
    status: 422,
    text: message('Die Datei ist keine gültige CSV-Datei. Bitte prüfen Sie Anführungszeichen und Trennzeichen.'),
  },
  CSV_MALFORMED_AT_LINE: {
    status: 422,
    text: message(
      'Die Datei ist keine gültige CSV-Datei (Zeile {line}). Bitte prüfen Sie Anführungszeichen und Trennzeichen.',
    ),
  },
  CSV_NO_LINES: { status: 422, text: message('Die Datei enthält keine Zeilen.') },
  CSV_HEADER_MISSING: {
    status: 422,
    text: message(
      'Die erste Zeile muss die Spaltennamen enthalten, mindestens „email“ und „name“ (weitere: „kind“, „customer_numbers“, „grant“ bzw. „Art“, „Kundennummern“, „Freischaltung“).',
    ),
  },
  CSV_TOO_MANY_ROWS: {
    status: 422,
    text: message('Die Datei enthält {count} Zeilen; höchstens {max} sind möglich. Bitte teilen Sie sie auf.'),
  },
  CSV_HEADER_ONLY: { status: 422, text: message('Die Datei enthält nur die Kopfzeile.') },
  GDV_FILE_MISSING: { status: 422, text: message('Bitte wählen Sie eine GDV-Datei aus.') },
  GDV_FILE_TOO_LARGE: {
    status: 422,
    text: message('Die Datei ist zu groß: Eine GDV-Datei darf hier höchstens {max} MB haben.'),
  },
  FILE_TOO_LARGE: { status: 413, text: message('Die Datei ist zu groß: Dateien dürfen höchstens {max} MB haben.') },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    text: message('Diese Art von Datei ist nicht erlaubt. Erlaubt sind PDF, JPEG, PNG, HEIC und TIFF.'),
  },
  GDV_FILE_NOT_GDV: {
    status: 422,
    text: message(
      'Diese Datei ist keine GDV-Datei: Sie enthält keinen Vorsatz (Satzart 0001). Es wurde nichts importiert.',
    ),
  },
  DELEGATED_PROFILES_INVALID: { status: 422, text: message('Bitte wählen Sie delegierbare Profile aus der Liste.') },
  DELEGATION_NOT_FOUND: { status: 404, text: message('Diesen Zugang gibt es nicht.') },
  DELEGATION_SELF: { status: 422, text: message('Sich selbst können Sie nicht einladen.') },
  DELEGATED_GRANT_NAME_INVALID: {
    status: 422,
    text: message(
      'Der Name der neuen Freischaltung wäre länger als 120 Zeichen. Bitte wenden Sie sich an Ihren Makler.',
    ),
  },
  DELEGATION_NAME_TAKEN: {
    status: 409,
    text: message(
      'Eine Freischaltung mit diesem Namen gibt es schon, aber nicht für diesen Zugang. Bitte wenden Sie sich an Ihren Makler.',
    ),
  },

  // Integrations and the portfolio
  API_KEY_NOT_FOUND: { status: 404, text: message('Diesen API-Schlüssel gibt es nicht.') },
  API_KEY_NAME_INVALID: { status: 422, text: message('Bitte geben Sie eine Bezeichnung ein (1 bis 100 Zeichen).') },
  WEBHOOK_NOT_FOUND: { status: 404, text: message('Diesen Webhook gibt es nicht.') },
  WEBHOOK_URL_INVALID: {
    status: 422,
    text: message(
      'Bitte geben Sie eine öffentlich erreichbare http- oder https-Adresse ohne Benutzername und Passwort ein.',
    ),
  },
  WEBHOOK_EVENTS_MISSING: { status: 422, text: message('Bitte wählen Sie mindestens ein Ereignis.') },
  DUPLICATE_IN_BATCH: { status: 422, text: message('Derselbe Eintrag kommt mehrmals vor.') },
  CUSTOMER_NOT_FOUND: { status: 404, text: message('Diesen Kunden gibt es nicht.') },
  CONTRACT_NOT_FOUND: { status: 404, text: message('Diesen Vertrag gibt es nicht.') },
  DOCUMENT_NOT_FOUND: { status: 404, text: message('Dieses Dokument gibt es nicht.') },
  DOCUMENT_LINK_INVALID: {
    status: 404,
    text: message('Dieser Download-Link ist ungültig oder abgelaufen, oder das Dokument gibt es nicht mehr.'),
  },
  DOCUMENT_LINK_RATE_LIMITED: {
    status: 429,
    text: message('Von dieser Adresse kamen zu viele ungültige Download-Links. Bitte versuchen Sie es später erneut.'),
  },
  DOCUMENT_CONTRACT_MISMATCH: { status: 422, text: message('Der Vertrag gehört nicht zu diesem Kunden.') },
  DOCUMENT_UPLOAD_INVALID: {
    status: 400,
    text: message('Das Dokument konnte nicht gelesen werden. Bitte senden Sie Angaben und Datei erneut.'),
  },
  DOCUMENT_FILES_TOO_MANY: {
    status: 413,
    text: message('Bitte senden Sie höchstens {max} Dateien auf einmal. Es wurde nichts gespeichert.'),
  },
  DOCUMENT_FILES_TOO_LARGE: {
    status: 413,
    text: message(
      'Die Dateien sind zu groß: Zusammen dürfen sie höchstens {max} MB haben. Es wurde nichts gespeichert.',
    ),
  },
  DATE_INVALID: { status: 422, text: message('Ein Datum ist ungültig.') },
  DAY_FILTER_INVALID: { status: 422, text: message('Bitte geben Sie einen gültigen Tag ein, z. B. 01.03.2026.') },
  DAY_RANGE_REVERSED: {
    status: 422,
    text: message('Der Tag „bis“ liegt vor dem Tag „von“. Bitte wählen Sie denselben oder einen späteren Tag.'),
  },
  AUDIT_FILTER_EMAIL_INVALID: {
    status: 422,
    text: message('Bitte geben Sie eine vollständige E-Mail-Adresse ein, z. B. name@beispiel.de.'),
  },
  KEYWORD_EMPTY: { status: 422, text: message('Bitte geben Sie ein Schlagwort ein.') },
  KEYWORD_TOO_LONG: { status: 422, text: message('Ein Schlagwort hat höchstens {max} Zeichen.') },
  KEYWORD_CHARACTERS_INVALID: {
    status: 422,
    text: message('Ein Schlagwort darf weder Kommas noch Steuerzeichen enthalten.'),
  },
  KEYWORD_TAKEN: { status: 409, text: message('Dieses Schlagwort gibt es schon.') },
  KEYWORD_NOT_FOUND: { status: 404, text: message('Dieses Schlagwort gibt es nicht.') },
  KEYWORD_EXPLANATION_TOO_LONG: { status: 422, text: message('Die Erklärung hat höchstens {max} Zeichen.') },
  KEYWORD_EXPLANATION_INVALID: {
    status: 422,
    text: message('Die Erklärung darf keine Steuerzeichen enthalten.'),
  },
  AMOUNT_INVALID: { status: 422, text: message('Ein Betrag ist ungültig.') },
  SPARTE_INVALID: { status: 422, text: message('Die Sparte ist ungültig.') },
  INSURER_NUMBER_INVALID: { status: 422, text: message('Die Nummer des Versicherers ist ungültig.') },
  POLICY_NUMBER_INVALID: { status: 422, text: message('Die Versicherungsscheinnummer ist ungültig.') },
  CLAIM_NOT_FOUND: { status: 404, text: message('Diesen Schaden gibt es nicht.') },
  CLAIM_FIELD_REQUIRED: { status: 422, text: message('Bitte füllen Sie dieses Feld aus.') },
  CLAIM_TEXT_TOO_LONG: { status: 422, text: message('Der Text ist zu lang (höchstens {max} Zeichen).') },
  CLAIM_DATE_IN_FUTURE: {
    status: 422,
    text: message('Datum und Uhrzeit des Schadens dürfen nicht in der Zukunft liegen.'),
  },
  CLAIM_TIME_INVALID: {
    status: 422,
    text: message('Bitte geben Sie die Uhrzeit als Stunden und Minuten an, zum Beispiel 14:30.'),
  },
  CLAIM_CHOICE_INVALID: { status: 422, text: message('Bitte wählen Sie Ja oder Nein.') },
  CLAIM_AGE_INVALID: { status: 422, text: message('Bitte geben Sie das Alter in ganzen Jahren an.') },
  IBAN_INVALID: { status: 422, text: message('Diese IBAN ist ungültig. Bitte prüfen Sie die Eingabe.') },
  CLAIM_INCOMPLETE: {
    status: 422,
    text: message('Die Schadenmeldung ist noch nicht vollständig. Bitte ergänzen Sie die fehlenden Schritte.'),
  },
  CLAIM_ALREADY_SUBMITTED: { status: 409, text: message('Dieser Schaden wurde bereits gemeldet.') },
  CLAIM_STATUS_TRANSITION_INVALID: {
    status: 409,
    text: message('Dieser Status kann jetzt nicht gesetzt werden. Bitte laden Sie den Schaden neu.'),
  },
  CLAIM_CHANGE_EMPTY: {
    status: 422,
    text: message('Bitte wählen Sie einen neuen Status oder schreiben Sie eine Nachricht an den Kunden.'),
  },
  CLAIM_ASSIGNEE_INVALID: { status: 422, text: message('Bitte wählen Sie eine Person der Verwaltung aus der Liste.') },
  CLAIM_ATTACHMENT_NOT_FOUND: { status: 404, text: message('Diesen Anhang gibt es nicht.') },
  CLAIM_ATTACHMENTS_TOO_MANY: {
    status: 413,
    text: message('Ein Schaden kann höchstens {max} Anhänge haben. Es wurde nichts gespeichert.'),
  },
  CLAIM_ATTACHMENTS_TOO_LARGE: {
    status: 413,
    text: message(
      'Die Anhänge sind zu groß: Zusammen dürfen sie höchstens {max} MB haben. Es wurde nichts gespeichert.',
    ),
  },
  CLAIM_ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    text: message(
      'Diese Art von Datei ist nicht erlaubt. Erlaubt sind Fotos (JPEG, PNG, HEIC) und PDF. Es wurde nichts gespeichert.',
    ),
  },
  CLAIM_NO_RELEASER: {
    status: 409,
    text: message(
      'Niemand außer Ihnen darf in dieser Freischaltung Schadenmeldungen freigeben. Bitte wenden Sie sich an Ihren Makler.',
    ),
  },
  CLAIM_NOT_AWAITING_RELEASE: {
    status: 409,
    text: message('Diese Schadenmeldung wartet nicht mehr auf Freigabe; jemand anderes hat sie schon bearbeitet.'),
  },
  CLAIM_RELEASE_OWN: {
    status: 403,
    text: message('Ihre eigene Schadenmeldung muss eine andere Person freigeben.'),
  },
  CLAIM_RETURN_COMMENT_REQUIRED: {
    status: 422,
    text: message('Bitte schreiben Sie, was an der Schadenmeldung noch fehlt oder zu ändern ist.'),
  },
  CLAIM_ROUTE_UNKNOWN: {
    status: 422,
    text: message('„{route}“ ist keine Schadenroute. Es gibt HPV, KFZ, SACH, TECH, TRANS und DEFAULT.'),
  },
  CLAIM_ROUTE_SPARTE_INVALID: {
    status: 422,
    text: message('„{code}“ ist kein Sparten-Schlüssel. Bitte geben Sie dreistellige GDV-Schlüssel an, z. B. 040.'),
  },
  CLAIM_ROUTE_SPARTE_TWICE: {
    status: 422,
    text: message('Die Sparte {code} steht bei zwei Schadenrouten. Bitte ordnen Sie sie nur einer zu.'),
  },
  CONVERSATION_NOT_FOUND: { status: 404, text: message('Diese Nachricht gibt es nicht.') },
  DATA_EXPORT_NOT_FOUND: {
    status: 404,
    text: message(
      'Dieser Link funktioniert nicht mehr: Er wurde schon verwendet, ist abgelaufen oder gehört zu einer anderen Anmeldung.',
    ),
  },
  CONVERSATION_SUBJECT_REQUIRED: { status: 422, text: message('Bitte geben Sie einen Betreff an.') },
  CONVERSATION_SUBJECT_TOO_LONG: {
    status: 422,
    text: message('Der Betreff ist zu lang (höchstens {max} Zeichen).'),
  },
  CONVERSATION_CUSTOMER_REQUIRED: {
    status: 422,
    text: message('Bitte wählen Sie aus, für wen Sie schreiben.'),
  },
  MESSAGE_BODY_REQUIRED: { status: 422, text: message('Bitte schreiben Sie eine Nachricht.') },
  MESSAGE_BODY_TOO_LONG: {
    status: 422,
    text: message('Die Nachricht ist zu lang (höchstens {max} Zeichen).'),
  },
  CONVERSATION_REPLY_NOT_ALLOWED: {
    status: 422,
    text: message(
      'Auf diese Nachricht können Sie im Kundenportal noch nicht antworten. Bitte wenden Sie sich direkt an Ihren Makler.',
    ),
  },
  CONVERSATION_GRANT_WITHOUT_CUSTOMER: {
    status: 422,
    text: message('Diese Freischaltung umfasst den Kunden des Vorgangs nicht.'),
  },
  CONVERSATION_ASSIGNEE_INVALID: {
    status: 422,
    text: message('Bitte wählen Sie eine Kollegin oder einen Kollegen dieses Maklers.'),
  },
  REQUEST_KIND_NOT_FOUND: { status: 404, text: message('Dieses Anliegen gibt es nicht.') },
  REQUEST_CUSTOMER_REQUIRED: { status: 422, text: message('Bitte wählen Sie den Kunden aus, um den es geht.') },
  REQUEST_INSURER_REQUIRED: { status: 422, text: message('Bitte geben Sie den Versicherer an.') },
  REQUEST_SPARTE_INVALID: { status: 422, text: message('Bitte wählen Sie eine Sparte aus der Liste.') },
  REQUEST_PREMIUM_INVALID: {
    status: 422,
    text: message('Bitte geben Sie den Jahresbeitrag als Betrag in Euro an, z. B. 1.234,50.'),
  },
  REQUEST_STREET_REQUIRED: { status: 422, text: message('Bitte geben Sie Straße und Hausnummer an.') },
  REQUEST_POSTCODE_INVALID: {
    status: 422,
    text: message('Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 50667.'),
  },
  REQUEST_CITY_REQUIRED: { status: 422, text: message('Bitte geben Sie den Ort an.') },
  REQUEST_MOVING_DATE_REQUIRED: { status: 422, text: message('Bitte geben Sie das Umzugsdatum an.') },
  REQUEST_MOVING_DATE_INVALID: {
    status: 422,
    text: message('Bitte geben Sie das Umzugsdatum als Datum an, z. B. 01.03.2027.'),
  },
  REQUEST_IBAN_REQUIRED: { status: 422, text: message('Bitte geben Sie die IBAN an.') },
  REQUEST_ACCOUNT_HOLDER_REQUIRED: { status: 422, text: message('Bitte geben Sie den Kontoinhaber an.') },
  REQUEST_PHONE_INVALID: {
    status: 422,
    text: message('Bitte geben Sie die Telefonnummer mit Ziffern an, z. B. 0221 123456 (höchstens {max} Zeichen).'),
  },
  REQUEST_CHANGE_REQUIRED: {
    status: 422,
    text: message(
      'Bitte geben Sie mindestens eine Änderung an: neue Adresse, Bankverbindung, Telefonnummer oder Name.',
    ),
  },
  REQUEST_POLICY_NUMBERS_REQUIRED: {
    status: 422,
    text: message('Bitte geben Sie mindestens eine Versicherungsscheinnummer an.'),
  },
  REQUEST_POLICY_NUMBERS_TOO_MANY: {
    status: 422,
    text: message('Bitte geben Sie höchstens {max} Versicherungsscheinnummern an.'),
  },
  REQUEST_TEXT_TOO_LONG: { status: 422, text: message('Die Eingabe ist zu lang (höchstens {max} Zeichen).') },
  REQUEST_CUSTOMER_KIND_INVALID: {
    status: 422,
    text: message('Bitte wählen Sie, ob es ein Privat- oder ein Firmenkunde ist.'),
  },
  REQUEST_CUSTOMER_STATUS_INVALID: {
    status: 422,
    text: message('Bitte wählen Sie, ob es ein Interessent oder schon ein Kunde ist.'),
  },
  REQUEST_FIRST_NAME_REQUIRED: { status: 422, text: message('Bitte geben Sie den Vornamen an.') },
  REQUEST_LAST_NAME_REQUIRED: { status: 422, text: message('Bitte geben Sie den Nachnamen an.') },
  REQUEST_COMPANY_NAME_REQUIRED: { status: 422, text: message('Bitte geben Sie den Namen der Firma an.') },
  REQUEST_COUNTRY_INVALID: { status: 422, text: message('Bitte wählen Sie ein Land aus der Liste.') },
  REQUEST_FOREIGN_POSTCODE_INVALID: {
    status: 422,
    text: message('Bitte geben Sie die Postleitzahl an (2 bis 10 Zeichen, Ziffern und Buchstaben).'),
  },
  REQUEST_BIRTH_DATE_INVALID: {
    status: 422,
    text: message('Bitte geben Sie das Geburtsdatum als vergangenes Datum an, z. B. 24.05.1980.'),
  },
  REQUEST_PRIVACY_NOTICE_REQUIRED: {
    status: 422,
    text: message('Bitte bestätigen Sie, dass der Kunde den Datenschutzhinweis erhalten hat.'),
  },
  REQUEST_GRANT_REQUIRED: {
    status: 422,
    text: message('Bitte wählen Sie die Freischaltung, über die Sie den Kunden melden.'),
  },
  REQUEST_FILES_TOO_MANY: {
    status: 413,
    text: message('Bitte wählen Sie nur eine Datei: ein Foto oder PDF der Police. Das Anliegen wurde nicht gesendet.'),
  },
  REQUEST_FILE_TOO_LARGE: {
    status: 413,
    text: message('Die Datei ist zu groß: höchstens {max} MB. Das Anliegen wurde nicht gesendet.'),
  },
  REQUEST_FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    text: message(
      'Diese Art von Datei ist nicht erlaubt. Bitte wählen Sie ein Foto oder PDF der Police (PDF, JPEG, PNG, HEIC oder TIFF). Das Anliegen wurde nicht gesendet.',
    ),
  },

  // Erstinformation and consents
  CONSENT_DOCUMENT_NOT_FOUND: { status: 404, text: message('Dieses Dokument gibt es nicht.') },
  CONSENT_VERSION_NOT_FOUND: { status: 404, text: message('Dieses Dokument gibt es nicht.') },
  CONSENT_TITLE_INVALID: {
    status: 422,
    text: message('Bitte geben Sie einen Namen mit höchstens {max} Zeichen an (nicht „Erstinformation“).'),
  },
  CONSENT_TITLE_TAKEN: { status: 409, text: message('Ein Dokument mit diesem Namen gibt es bereits.') },
  CONSENT_DOCUMENTS_TOO_MANY: { status: 422, text: message('Es sind höchstens {max} Dokumente möglich.') },
  CONSENT_FILE_MISSING: { status: 422, text: message('Bitte wählen Sie eine PDF-Datei aus.') },
  CONSENT_FILE_NOT_PDF: {
    status: 415,
    text: message('Diese Datei ist kein PDF. Bitte laden Sie das Dokument als PDF-Datei hoch.'),
  },
  CONSENT_FILE_TOO_LARGE: { status: 413, text: message('Die Datei ist zu groß: höchstens {max} MB.') },
  CONSENT_MISSING: {
    status: 422,
    text: message('Bitte setzen Sie bei jedem Dokument das Häkchen, um das Kundenportal zu nutzen.'),
  },
  MESSAGE_ATTACHMENT_NOT_FOUND: { status: 404, text: message('Diesen Anhang gibt es nicht.') },
  MESSAGE_ATTACHMENTS_TOO_MANY: {
    status: 413,
    text: message('Eine Nachricht kann höchstens {max} Anhänge haben. Die Nachricht wurde nicht gesendet.'),
  },
  MESSAGE_ATTACHMENTS_TOO_LARGE: {
    status: 413,
    text: message(
      'Die Anhänge sind zu groß: Zusammen dürfen sie höchstens {max} MB haben. Die Nachricht wurde nicht gesendet.',
    ),
  },
  MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    text: message(
      'Diese Art von Datei ist nicht erlaubt. Erlaubt sind PDF, JPEG, PNG, HEIC und TIFF. Die Nachricht wurde nicht gesendet.',
    ),
  },

  // Operation
  DATA_DIR_IN_USE: { status: 503, text: message('Der Datenordner wird bereits von einem anderen Prozess verwendet.') },
  CONTROL_CHANNEL_FAILED: { status: 503, text: message('Das laufende Portal hat nicht wie erwartet geantwortet.') },
  DATABASE_WRITE_FAILED: {
    status: 503,
    text: message('Die Datenbank kann gerade nicht schreiben. Bitte versuchen Sie es später erneut.'),
  },
};

export function statusOfError(code: ErrorCode): ErrorStatus {
  return ERROR_REGISTRY[code].status;
}

/** The error's message as a text to translate where it is shown, its params filled in. */
export function textOfError(error: ErrorDetail): PersonText {
  return personText(ERROR_REGISTRY[error.code].text, error.params);
}

/** The error's message in one language, e.g. for the CLI or the API. */
export function messageOfError(error: ErrorDetail, language: Language): string {
  return translatorFor(language).text(textOfError(error));
}
