/**
 * The English catalogue: every German text of the pages, exactly as written in the page code,
 * mapped to its English version. Formal, short English; `{name}` placeholders stay as they are.
 *
 * To add a text: write it in German in the page as `t('Ihr Text mit {wert}.', { wert })` (or
 * `message('…')` in a table of labels), then add the line `'Ihr Text mit {wert}.': 'Your text
 * with {wert}.'` here, in the section of its page. The type checker refuses a `t('…')` whose
 * text is missing here, and `english.test.ts` names every missing or unused text.
 */
export const ENGLISH = {
  // Protokoll: filter by days
  'Von (Tag)': 'From (day)',
  'Bis (Tag, einschließlich)': 'Until (day, inclusive)',
  'Bitte geben Sie einen gültigen Tag ein, z. B. 01.03.2026.': 'Please enter a valid day, e.g. 01/03/2026.',
  'Der Tag „bis“ liegt vor dem Tag „von“. Bitte wählen Sie denselben oder einen späteren Tag.':
    'The day “until” is before the day “from”. Please choose the same or a later day.',
  'Bitte prüfen Sie den Filter; es werden keine Einträge gezeigt.': 'Please check the filter; no entries are shown.',
  // Protokoll: event details
  'Logo entfernt': 'Logo removed',
  'Logo hochgeladen (PNG)': 'Logo uploaded (PNG)',
  'Logo hochgeladen (SVG)': 'Logo uploaded (SVG)',
  'Vertrag freigegeben': 'Contract shared',
  'Vertragsfreigabe entfernt': 'Contract no longer shared',
  'API-Schlüssel widerrufen': 'API key revoked',
  'Webhook gelöscht': 'Webhook deleted',
  'Geändert: {value}': 'Changed: {value}',
  'Adresse hinzugefügt: {value}': 'Address added: {value}',
  'Adresse entfernt: {value}': 'Address removed: {value}',
  'Hauptadresse: {value}': 'Primary address: {value}',
  'API-Schlüssel angelegt: {value}': 'API key created: {value}',
  'API-Schlüssel widerrufen: {value}': 'API key revoked: {value}',
  'Webhook angelegt: {value}': 'Webhook created: {value}',
  'Webhook gelöscht: {value}': 'Webhook deleted: {value}',
  'Im Kundenportal delegiert: {value}': 'Delegated in the customer portal: {value}',
  'Profil angelegt: {value}': 'Profile created: {value}',
  'Profil geändert: {value}': 'Profile changed: {value}',
  'Profil gelöscht: {value}': 'Profile deleted: {value}',
  Farbe: 'Colour',
  Absendername: 'Sender name',
  Antwortadresse: 'Reply-to address',
  'Gültigkeit der Einladung': 'Invitation validity',
  Sprache: 'Language',
  'Abmeldung bei Inaktivität': 'Logout after inactivity',
  'Längste Sitzungsdauer': 'Longest session',
  'Zweiter Faktor für Mitarbeitende': 'Second factor for staff',
  'Kontakt-E-Mail': 'Contact e-mail',
  'Freischaltung „{name}“': 'access grant “{name}”',
  // Layout and error pages
  'Zum Inhalt springen': 'Skip to content',
  'Ein Kundenportal von {broker} · bereitgestellt mit {platform}':
    'A customer portal of {broker} · provided with {platform}',
  'Zur Startseite': 'To the start page',
  'Dieses Portal gibt es hier nicht': 'There is no portal at this address',
  'Unter dieser Adresse ist kein Kundenportal eingerichtet. Bitte prüfen Sie die Adresse oder verwenden Sie den Link aus der E-Mail Ihres Maklers.':
    'No customer portal is set up at this address. Please check the address or use the link in your broker’s e-mail.',
  'Seite nicht gefunden': 'Page not found',
  'Diese Seite gibt es nicht. Bitte prüfen Sie die Adresse.': 'This page does not exist. Please check the address.',
  'Bitte versuchen Sie es noch einmal': 'Please try again',
  'Das Formular war veraltet oder kam nicht von dieser Seite. Laden Sie die Seite neu und senden Sie es erneut. Es wurde nichts gespeichert.':
    'The form was out of date or did not come from this page. Please reload the page and send it again. Nothing was saved.',
  'Das Formular war unvollständig': 'The form was incomplete',
  'Einige Angaben fehlten oder waren doppelt. Bitte öffnen Sie die Seite erneut und füllen Sie das Formular noch einmal aus. Es wurde nichts gespeichert.':
    'Some entries were missing or duplicated. Please open the page again and fill in the form once more. Nothing was saved.',
  'Zu viele Daten': 'Too much data',
  'Zu viele ungültige Links': 'Too many invalid links',
  'Von Ihrem Anschluss wurden in kurzer Zeit viele ungültige Links geöffnet. Bitte warten Sie einige Minuten und öffnen Sie dann den Link aus Ihrer E-Mail erneut.':
    'Many invalid links were opened from your connection in a short time. Please wait a few minutes, then open the link in your e-mail again.',
  'Die gesendeten Daten sind zu groß. Es wurde nichts gespeichert.': 'The data sent is too large. Nothing was saved.',
  'Das Formular konnte nicht gelesen werden': 'The form could not be read',
  'Bitte senden Sie das Formular über die Seite. Es wurde nichts gespeichert.':
    'Please send the form from the page. Nothing was saved.',
  'Vorübergehend nicht erreichbar': 'Temporarily unavailable',
  'Das Portal ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute erneut. Ihre Eingaben wurden nicht gespeichert.':
    'The portal is not available at the moment. Please try again in a minute. Your entries were not saved.',
  'Ein Fehler ist aufgetreten': 'An error occurred',
  'Schon vergeben': 'Already taken',
  'Unlesbare Zeichen im Formular': 'Unreadable characters in the form',
  'Das Formular enthielt unlesbare Zeichen. Bitte geben Sie alles erneut ein. Nichts wurde gespeichert, Links aus E-Mails bleiben gültig.':
    'The form contained unreadable characters. Please enter everything again. Nothing was saved; links from e-mails stay valid.',
  'Dieser Name oder diese Adresse wurde soeben vergeben. Bitte laden Sie die Seite neu und wählen Sie einen anderen. Nichts wurde gespeichert.':
    'Someone used this name or address just now. Please open the page again and choose another one. Nothing was saved.',
  'Das hat leider nicht geklappt. Bitte versuchen Sie es in einigen Minuten erneut.':
    'Unfortunately, that did not work. Please try again in a few minutes.',

  // Login
  Anmelden: 'Log in',
  'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort bei Portico an.':
    'Log in to Portico with your e-mail address and password.',
  'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort im Kundenportal von {broker} an.':
    'Log in to the customer portal of {broker} with your e-mail address and password.',
  'Anmeldung nicht möglich': 'Login not possible',
  'E-Mail-Adresse oder Passwort sind nicht korrekt, oder für diese Adresse besteht hier kein Zugang.':
    'The e-mail address or password is not correct, or this address has no access here.',
  'E-Mail-Adresse': 'E-mail address',
  Passwort: 'Password',
  'Passwort vergessen?': 'Forgot your password?',
  'Bitte bestätigen Sie Ihre E-Mail-Adresse': 'Please confirm your e-mail address',
  'E-Mail-Adresse noch nicht bestätigt': 'E-mail address not yet confirmed',
  'Ihr Passwort ist richtig. Die E-Mail-Adresse {email} ist aber noch nicht bestätigt. Bitte klicken Sie auf den Link in der Bestätigungs-E-Mail und melden Sie sich danach erneut an.':
    'Your password is correct, but the e-mail address {email} is not yet confirmed. Please click the link in the confirmation e-mail and then log in again.',
  'Wir haben eine neue Bestätigungs-E-Mail an {email} gesendet. Bitte sehen Sie in Ihrem Postfach nach – auch im Spam-Ordner.':
    'We have sent a new confirmation e-mail to {email}. Please check your inbox – and your spam folder.',
  'Erneut senden ist in {count} Minuten wieder möglich.': 'You can send it again in {count} minutes.',
  'Erneut senden ist in 1 Sekunde wieder möglich.': 'You can send it again in 1 second.',
  'Erneut senden ist in {count} Sekunden wieder möglich.': 'You can send it again in {count} seconds.',
  'Sie können die E-Mail jetzt erneut anfordern.': 'You can request the e-mail again now.',
  'Bestätigungs-E-Mail erneut senden': 'Send the confirmation e-mail again',
  'Zurück zur Anmeldung': 'Back to login',
  'Portal wählen': 'Choose a portal',
  'Guten Tag {name}, Sie haben Zugang zu mehreren Kundenportalen. Welches möchten Sie öffnen?':
    'Hello {name}, you have access to several customer portals. Which one would you like to open?',
  Abmelden: 'Log out',
  'Anmeldung fortsetzen?': 'Continue logging in?',
  'Sie werden im Kundenportal von {broker} angemeldet als {email}.':
    'You will be logged in to the customer portal of {broker} as {email}.',
  'Ist das nicht Ihre E-Mail-Adresse, brechen Sie bitte ab: Dann hat Ihnen jemand einen fremden Anmelde-Link geschickt.':
    'If this is not your e-mail address, please cancel: someone has sent you a login link that is not yours.',
  'Weiter als {email}': 'Continue as {email}',
  Abbrechen: 'Cancel',
  'Bestätigungscode eingeben': 'Enter the confirmation code',
  'Öffnen Sie Ihre Authenticator-App und geben Sie den sechsstelligen Code ein. Haben Sie Ihr Telefon nicht zur Hand, können Sie einen Ihrer Wiederherstellungscodes eingeben.':
    'Open your authenticator app and enter the six-digit code. If you do not have your phone at hand, you can enter one of your recovery codes.',
  'Der Code ist nicht korrekt oder wurde schon verwendet. Bitte geben Sie den aktuellen Code ein.':
    'The code is not correct or has already been used. Please enter the current code.',
  'Code aus der App oder Wiederherstellungscode': 'Code from the app or recovery code',
  'Sie wurden abgemeldet.': 'You have been logged out.',
  'Bitte melden Sie sich erneut an.': 'Please log in again.',
  'E-Mail-Adresse bestätigen': 'Confirm e-mail address',
  'Anmelden: Bestätigungscode': 'Log in: confirmation code',

  // Passwords, links, e-mail confirmation
  'Ihr Passwort braucht:': 'Your password needs:',
  'nicht erfüllt': 'not met',
  erfüllt: 'met',
  'wird beim Speichern geprüft': 'checked when you save',
  '(wird beim Speichern geprüft)': '(checked when you save)',
  'Beide Eingaben stimmen überein': 'Both entries match',
  'Die beiden Eingaben stimmen nicht überein. Bitte geben Sie dasselbe Passwort zweimal ein.':
    'The two entries do not match. Please enter the same password twice.',
  'Passwort anzeigen': 'Show password',
  'Neues Passwort festlegen': 'Set a new password',
  'Passwort festlegen': 'Set your password',
  'Guten Tag {name}, bitte wählen Sie ein neues Passwort für Ihren Zugang.':
    'Hello {name}, please choose a new password for your access.',
  'Guten Tag {name}, bitte wählen Sie ein Passwort für Ihren Zugang.':
    'Hello {name}, please choose a password for your access.',
  'Ihre E-Mail-Adresse für die Anmeldung: {email}': 'Your e-mail address for logging in: {email}',
  'Das Passwort wurde noch nicht gespeichert': 'The password has not been saved yet',
  'Passwort wiederholen': 'Repeat password',
  'Tipp: Ein Satz aus mehreren Wörtern ist leicht zu merken und schwer zu erraten.':
    'Tip: a sentence of several words is easy to remember and hard to guess.',
  'Passwort speichern': 'Save password',
  'Zur Anmeldung': 'To the login',
  'Passwort gespeichert': 'Password saved',
  'Ihr Passwort wurde gespeichert. Sie können sich ab sofort mit Ihrer E-Mail-Adresse und diesem Passwort anmelden.':
    'Your password has been saved. From now on you can log in with your e-mail address and this password.',
  'Sie sind noch nicht angemeldet. Sie können dieses Fenster jetzt schließen oder sich gleich anmelden.':
    'You are not logged in yet. You can close this window now or log in straight away.',
  'Dieser Link ist abgelaufen.': 'This link has expired.',
  'Dieser Link wurde bereits verwendet.': 'This link has already been used.',
  'Dieser Link gilt nicht mehr: Inzwischen wurde ein neuerer Link verschickt, oder die Einladung wurde widerrufen.':
    'This link is no longer valid: a newer link has been sent since, or the invitation has been withdrawn.',
  'Dieser Link ist ungültig oder unvollständig.': 'This link is invalid or incomplete.',
  'Dieser Link funktioniert nicht mehr': 'This link no longer works',
  'Wenn Sie bereits ein Passwort festgelegt haben, melden Sie sich einfach an. Andernfalls können Sie einen neuen Link an die hinterlegte E-Mail-Adresse anfordern.':
    'If you have already set a password, simply log in. Otherwise you can request a new link to the e-mail address on file.',
  'Neuen Link senden': 'Send a new link',
  'Anfrage erhalten': 'Request received',
  'Falls für diesen Zugang ein neuer Link nötig ist, haben wir ihn an die hinterlegte E-Mail-Adresse gesendet. Bitte sehen Sie in Ihrem Postfach nach – auch im Spam-Ordner.':
    'If this access needs a new link, we have sent it to the e-mail address on file. Please check your inbox – including the spam folder.',
  'Passwort vergessen': 'Forgotten password',
  'Geben Sie die E-Mail-Adresse Ihres Zugangs ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.':
    'Enter the e-mail address of your access. We will send you a link to set a new password.',
  'Link senden': 'Send link',
  'Bitte sehen Sie in Ihrem Postfach nach': 'Please check your inbox',
  'Wenn zu dieser Adresse ein Zugang besteht, haben wir soeben einen Link gesendet. Er ist eine Stunde gültig. Bitte sehen Sie auch im Spam-Ordner nach.':
    'If this address has an access, we have just sent a link. It is valid for one hour. Please also check your spam folder.',
  'Link ungültig': 'Link invalid',
  'Bitte bestätigen Sie, dass {email} Ihre E-Mail-Adresse ist.': 'Please confirm that {email} is your e-mail address.',
  'E-Mail-Adresse bestätigt': 'E-mail address confirmed',
  'Vielen Dank. Die E-Mail-Adresse {email} ist bestätigt. Sie können sich jetzt anmelden.':
    'Thank you. The e-mail address {email} is confirmed. You can now log in.',

  // Portal home, profile, second factor, e-mail change
  Versicherungsnehmer: 'Policyholder',
  Vermittler: 'Intermediary',
  Administration: 'Administration',
  'Willkommen, {name}': 'Welcome, {name}',
  'Mein Zugang: Passwort ändern, angemeldete Geräte': 'My access: change password, logged-in devices',
  'Verwaltung: Personen einladen und verwalten': 'Administration: invite and manage people',
  Übersicht: 'Overview',
  '← Zur Übersicht': '← To the overview',
  'Mein Zugang': 'My access',
  'Sie melden sich mit der E-Mail-Adresse {email} an.': 'You log in with the e-mail address {email}.',
  'Passwort ändern': 'Change password',
  'Das neue Passwort wurde nicht gespeichert': 'The new password was not saved',
  'Bisheriges Passwort': 'Current password',
  'Neues Passwort': 'New password',
  'Neues Passwort wiederholen': 'Repeat new password',
  'E-Mail-Adresse ändern': 'Change e-mail address',
  'Neue E-Mail-Adresse': 'New e-mail address',
  'Ihr Passwort': 'Your password',
  'Diese Adresse hat Ihr Makler für Sie angegeben. Übernehmen Sie sie nur, wenn es Ihre eigene ist.':
    'Your broker entered this address for you. Take it over only if it is your own.',
  'Link an neue Adresse senden': 'Send a link to the new address',
  'Zweiter Faktor': 'Second factor',
  'Eingeschaltet: Bei der Anmeldung fragen wir zusätzlich nach einem Code aus Ihrer Authenticator-App.':
    'On: when you log in, we also ask for a code from your authenticator app.',
  'Ausgeschaltet: Sie melden sich nur mit Ihrem Passwort an.': 'Off: you log in with your password only.',
  'Zweiten Faktor verwalten': 'Manage second factor',
  'Zweiten Faktor einrichten': 'Set up a second factor',
  'Angemeldete Geräte': 'Logged-in devices',
  'Dieses Gerät': 'This device',
  'Unbekanntes Gerät': 'Unknown device',
  'angemeldet am {loggedInAt} · zuletzt aktiv {lastSeenAt} · {host}':
    'logged in on {loggedInAt} · last active {lastSeenAt} · {host}',
  'Alle anderen abmelden': 'Log out all others',
  'Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet.':
    'Your password has been changed. All other logins have been ended.',
  'Das bisherige Passwort ist nicht korrekt. Ihr Passwort wurde nicht geändert.':
    'The current password is not correct. Your password has not been changed.',
  'Alle anderen Anmeldungen wurden beendet.': 'All other logins have been ended.',
  'Wir haben einen Link an die neue Adresse gesendet. Ihre Adresse wird erst geändert, wenn Sie ihn öffnen und die Änderung bestätigen. Bis dahin melden Sie sich wie bisher an.':
    'We have sent a link to the new address. Your address is only changed once you open it and confirm the change. Until then, log in as before.',
  'Das Passwort ist nicht korrekt. Ihre E-Mail-Adresse wurde nicht geändert.':
    'The password is not correct. Your e-mail address has not been changed.',
  'Bitte geben Sie eine gültige neue E-Mail-Adresse ein, z. B. name@beispiel.de.':
    'Please enter a valid new e-mail address, e.g. name@example.com.',
  'Das ist bereits Ihre E-Mail-Adresse.': 'This is already your e-mail address.',
  'Vor weniger als einer Minute wurde bereits ein Link verschickt. Bitte warten Sie kurz.':
    'A link was sent less than a minute ago. Please wait a moment.',
  'Der zweite Faktor ist ausgeschaltet. Sie melden sich jetzt nur mit Ihrem Passwort an.':
    'The second factor is off. You now log in with your password only.',
  'Dieser Link ist abgelaufen. Fordern Sie in „Mein Zugang“ einen neuen an.':
    'This link has expired. Please request a new one in “My access”.',
  'Dieser Link gilt nicht mehr: Inzwischen wurde ein neuerer Link verschickt oder die Adresse kann nicht mehr übernommen werden.':
    'This link is no longer valid: a newer link has been sent since, or the address can no longer be taken over.',
  'Die Adresse wurde nicht geändert': 'The address has not been changed',
  'Neue E-Mail-Adresse bestätigen': 'Confirm the new e-mail address',
  'Ab jetzt melden Sie sich mit {email} an.': 'From now on you log in with {email}.',
  'Adresse ändern': 'Change address',
  'E-Mail-Adresse geändert': 'E-mail address changed',
  'Sie melden sich ab jetzt mit {email} an. Ihre bisherige Adresse haben wir darüber informiert.':
    'From now on you log in with {email}. We have informed your previous address.',
  Weiter: 'Continue',
  'Der Code ist nicht korrekt. Bitte geben Sie den Code ein, den die App gerade anzeigt.':
    'The code is not correct. Please enter the code the app is showing now.',
  'Passwort oder Code sind nicht korrekt. Es wurde nichts geändert.':
    'The password or code is not correct. Nothing was changed.',
  'Ihr Makler verlangt für Mitarbeitende einen zweiten Faktor. Bitte richten Sie ihn jetzt ein; danach können Sie das Portal wie gewohnt nutzen.':
    'Your broker requires a second factor for staff. Please set it up now; afterwards you can use the portal as usual.',
  '← Zurück zu Mein Zugang': '← Back to My access',
  'Oder lassen Sie das Passwort leer und geben Sie einen Code aus der App ein.':
    'Or leave the password empty and enter a code from the app.',
  'Code aus der App': 'Code from the app',
  'Mit einem zweiten Faktor genügt Ihr Passwort allein nicht mehr: Bei der Anmeldung geben Sie zusätzlich einen Code aus einer Authenticator-App auf Ihrem Telefon ein (zum Beispiel Google Authenticator, Microsoft Authenticator oder FreeOTP).':
    'With a second factor, your password alone is no longer enough: when you log in, you also enter a code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or FreeOTP).',
  'Der zweite Faktor ist eingerichtet. Unbenutzte Wiederherstellungscodes: {count}.':
    'The second factor is set up. Unused recovery codes: {count}.',
  '1. Authenticator-App verbinden': '1. Connect your authenticator app',
  'Scannen Sie den QR-Code mit Ihrer Authenticator-App. Auf dem Telefon selbst öffnen Sie die App stattdessen über die Schaltfläche.':
    'Scan the QR code with your authenticator app. On the phone itself, open the app with the button instead.',
  'In Authenticator-App öffnen': 'Open in authenticator app',
  'Sechsstelliger Code aus der App': 'Six-digit code from the app',
  'QR-Code für die Authenticator-App': 'QR code for the authenticator app',
  'Oder geben Sie diesen Schlüssel in der App von Hand ein (zeitbasiert, 6 Stellen, 30 Sekunden):':
    'Or enter this key in the app by hand (time-based, 6 digits, 30 seconds):',
  '2. Mit einem Code bestätigen': '2. Confirm with a code',
  'Bestätigen und einschalten': 'Confirm and switch on',
  'Neue Wiederherstellungscodes': 'New recovery codes',
  'Die bisherigen Codes gelten danach nicht mehr.': 'The previous codes will no longer be valid.',
  'Neue Codes erzeugen': 'Create new codes',
  'Zweiten Faktor ausschalten': 'Switch off the second factor',
  Ausschalten: 'Switch off',
  'Der zweite Faktor ist eingeschaltet.': 'The second factor is switched on.',
  'Sie haben neue Wiederherstellungscodes. Die bisherigen gelten nicht mehr.':
    'You have new recovery codes. The previous ones are no longer valid.',
  'Ihre Wiederherstellungscodes': 'Your recovery codes',
  'Wenn Sie Ihr Telefon verlieren, melden Sie sich mit einem dieser Codes an. Jeder Code gilt nur einmal. Bewahren Sie sie sicher auf, zum Beispiel ausgedruckt oder in einem Passwort-Manager. Diese Codes werden nur jetzt angezeigt.':
    'If you lose your phone, log in with one of these codes. Each code works only once. Keep them safe, for example printed or in a password manager. These codes are shown only now.',
  'Weiter zu Mein Zugang': 'Continue to My access',
  'Als Textdatei speichern': 'Save as a text file',
  'Wiederherstellungscodes lassen sich nur direkt nach dem Erzeugen als Datei speichern. Erzeugen Sie bei Bedarf neue Codes.':
    'Recovery codes can be saved as a file only right after they are created. Create new codes if you need them.',
  Drucken: 'Print',
  'Wiederherstellungscodes für {portal}': 'Recovery codes for {portal}',
  'Zugang: {email}': 'Access: {email}',
  'Erstellt am {date}': 'Created on {date}',
  'Jeder Code gilt nur einmal. Bewahren Sie diese Datei sicher auf.': 'Each code works only once. Keep this file safe.',
  wiederherstellungscodes: 'recovery-codes',
  '← Zur Verwaltung': '← To the administration',
  'Der zweite Faktor von {name} wurde entfernt. {name} meldet sich jetzt nur mit dem Passwort an und kann in „Mein Zugang“ einen neuen einrichten.':
    'The second factor of {name} has been removed. {name} now logs in with the password only and can set up a new one under “My access”.',
  'Zweiten Faktor zurücksetzen': 'Reset second factor',
  'Prüfen Sie zuerst, wer anfragt': 'First check who is asking',
  'Entfernen Sie den zweiten Faktor nur, nachdem Sie die Person auf einem anderen Weg sicher erkannt haben, zum Beispiel durch einen Rückruf unter der Telefonnummer aus Ihrem Bestand – nie allein auf eine E-Mail oder einen Anruf hin. Wer den Faktor entfernen lässt, braucht danach nur noch das Passwort.':
    'Remove the second factor only after you have reliably identified the person another way, for example by calling back the phone number in your records – never on the strength of an e-mail or a call alone. Whoever has the factor removed needs only the password afterwards.',
  'Identität geprüft: zweiten Faktor entfernen': 'Identity checked: remove second factor',
  'Diese Person hat keinen zweiten Faktor eingerichtet.': 'This person has not set up a second factor.',
  Wiederherstellungscodes: 'Recovery codes',

  // Workspace
  Eingeladen: 'Invited',
  'Einladung abgelaufen': 'Invitation expired',
  'Einladung in Warteschlange': 'Invitation queued',
  'Einladung zugestellt (an den Mailserver übergeben)': 'Invitation delivered (handed to the mail server)',
  'Zustellung fehlgeschlagen': 'Delivery failed',
  'Link geöffnet': 'Link opened',
  'Passwort gesetzt, noch nicht angemeldet': 'Password set, not logged in yet',
  'Passwort gesetzt': 'Password set',
  'Erste Anmeldung': 'First login',
  '{step} seit {time}': '{step} since {time}',
  '{step} am {time}': '{step} on {time}',
  Aktiv: 'Active',
  'E-Mail-Adresse nicht bestätigt': 'E-mail address not confirmed',
  Deaktiviert: 'Deactivated',
  'Vorübergehend gesperrt': 'Temporarily locked',
  'Mitarbeitende (Verwaltung)': 'Staff (administration)',
  'Freischaltungsprofil (optional)': 'Access grant profile (optional)',
  'Die Freischaltung übernimmt die Freigaben des Profils. Für Mitarbeitende gilt es nicht.':
    'The access grant takes the profile’s sharing options. It does not apply to staff.',
  'Kein Profil': 'No profile',
  'Dieses Freischaltungsprofil gibt es nicht mehr. Bitte wählen Sie ein anderes.':
    'This access grant profile no longer exists. Please choose another one.',
  'Administration (Verwaltung und Einstellungen)': 'Administrator (administration and settings)',
  'Verwaltung: Personen': 'Administration: people',
  'Person einladen (Freischaltung)': 'Invite a person (access grant)',
  'Vollständiger Name': 'Full name',
  'Art des Zugangs': 'Type of access',
  'Mitarbeitende erhalten keine Freischaltung; Freischaltung und Kundennummern bleiben bei ihnen leer.':
    'Staff do not receive an access grant; leave the access grant and customer numbers empty for them.',
  'Name der Freischaltung (optional)': 'Name of the access grant (optional)',
  'Ohne Angabe wird der Name der Person verwendet.': 'If left empty, the person’s name is used.',
  'Kundennummern (optional)': 'Customer numbers (optional)',
  'Mehrere durch Komma getrennt, z. B. 100234, 100235': 'Several separated by commas, e.g. 100234, 100235',
  Einladen: 'Invite',
  Filtern: 'Filter',
  'Name, E-Mail-Adresse oder Kundennummer': 'Name, e-mail address or customer number',
  Status: 'Status',
  Alle: 'All',
  Mitarbeitende: 'Staff',
  Rolle: 'Role',
  '1 Person': '1 person',
  '{count} Personen': '{count} people',
  'Keine Personen für diesen Filter.': 'No people match this filter.',
  'Letzte Anmeldung': 'Last login',
  Aktionen: 'Actions',
  Auswahl: 'Selection',
  '{name} auswählen': 'Select {name}',
  'Personen dieses Portals': 'People of this portal',
  'Seiten der Liste': 'Pages of the list',
  '← Vorherige Seite': '← Previous page',
  'Nächste Seite →': 'Next page →',
  'Mit den ausgewählten Personen': 'With the selected people',
  'Weiter zur Bestätigung': 'Continue to confirmation',
  '· vorübergehend gesperrt nach falschen Passwörtern': '· temporarily locked after wrong passwords',
  '· vorübergehend gesperrt nach falschen Bestätigungscodes': '· temporarily locked after wrong confirmation codes',
  '· vorübergehend gesperrt nach falschen Passwörtern und Bestätigungscodes':
    '· temporarily locked after wrong passwords and confirmation codes',
  'Bitte wählen Sie mindestens eine Person aus.': 'Please select at least one person.',
  'Erledigt für {done} von {total} Personen.': 'Done for {done} of {total} people.',
  'Erledigt für {done} von {total} Personen; bei {refused} war es nicht möglich (fehlende Rechte, letzte Administration oder Einladung vor weniger als einer Minute).':
    'Done for {done} of {total} people; for {refused} it was not possible (missing rights, last administrator or an invitation less than a minute ago).',
  'Einladung erneut senden: Bitte bestätigen': 'Send the invitation again: please confirm',
  'Deaktivieren: Bitte bestätigen': 'Deactivate: please confirm',
  'Einladungen jetzt senden': 'Send the invitations now',
  'Jetzt deaktivieren': 'Deactivate now',
  'Nicht betroffen, weil keine Einladung offen ist:': 'Not affected, as no invitation is pending:',
  'Nicht betroffen, weil bereits deaktiviert oder Ihr eigener Zugang:':
    'Not affected, as already deactivated or your own access:',
  'Für keine der ausgewählten Personen ist diese Aktion möglich.':
    'This action is not possible for any of the selected people.',
  'Betroffen ist 1 Person:': '1 person is affected:',
  'Betroffen sind {count} Personen:': '{count} people are affected:',
  'Deaktivierte Personen werden sofort abgemeldet und können sich hier nicht mehr anmelden.':
    'Deactivated people are logged out at once and can no longer log in here.',
  'Jede Person erhält eine neue Einladung; ihr bisheriger Link gilt dann nicht mehr.':
    'Each person receives a new invitation; their previous link then no longer works.',
  '← Zurück zur Liste': '← Back to the list',
  'Keine Freischaltung.': 'No access grant.',
  Einladungen: 'Invitations',
  'Keine Einladung von hier.': 'No invitation from here.',
  'Gesendet am {time}': 'Sent on {time}',
  'gültig bis {time}': 'valid until {time}',
  'Letzte Ereignisse': 'Recent events',
  'Keine Einträge.': 'No entries.',
  'Im Protokoll ansehen': 'View in the audit log',
  'Zustellung fehlgeschlagen:': 'Delivery failed:',
  'Einladung erneut senden': 'Send the invitation again',
  'Einladung widerrufen': 'Invitation revoked',
  'Einladung widerrufen…': 'Revoke the invitation…',
  'Deaktivieren…': 'Deactivate…',
  'E-Mail zum Zurücksetzen des Passworts senden': 'Send a password reset e-mail',
  'Sperre aufheben': 'Unlock',
  Reaktivieren: 'Reactivate',
  Deaktivieren: 'Deactivate',
  'Neue E-Mail-Adresse für {name}': 'New e-mail address for {name}',
  'Die Person erhält eine E-Mail und bestätigt die neue Adresse selbst.':
    'The person receives an e-mail and confirms the new address themselves.',
  'Die Sperre kann nur der Betreiber der Plattform aufheben.': 'Only the operator of the platform can lift the lock.',
  Verwaltung: 'Administration',
  'Die Einladung ist unterwegs.': 'The invitation is on its way.',
  'Diese Person hat hier bereits Zugang: Die Freischaltung gilt sofort. Eine E-Mail wird dazu nicht verschickt.':
    'This person already has access here: the grant applies at once. No e-mail is sent for it.',
  'Diese Person ist hier deaktiviert: Die Freischaltung gilt, sobald sie wieder aktiv ist. Eine E-Mail wird dazu nicht verschickt.':
    'This person is deactivated here: the grant applies once they are active again. No e-mail is sent for it.',
  'Eine neue Einladung ist unterwegs; der bisherige Link gilt nicht mehr.':
    'A new invitation is on its way; the previous link is no longer valid.',
  'Vor weniger als einer Minute wurde bereits eine Einladung gesendet. Bitte warten Sie kurz.':
    'An invitation was sent less than a minute ago. Please wait a moment.',
  'Die Einladung ist widerrufen; ihr Link gilt nicht mehr.':
    'The invitation has been revoked; its link is no longer valid.',
  'Die E-Mail zum Zurücksetzen des Passworts ist unterwegs (höchstens eine pro Minute).':
    'The password reset e-mail is on its way (at most one per minute).',
  'Die Sperre ist aufgehoben; die Person kann sich wieder anmelden.':
    'The lock has been lifted; the person can log in again.',
  'Die Person ist deaktiviert und sofort abgemeldet.': 'The person has been deactivated and logged out at once.',
  'Eine neue Einladung an {name} ist unterwegs; der bisherige Link gilt nicht mehr.':
    'A new invitation to {name} is on its way; the previous link no longer works.',
  'Die Einladung an {name} ist widerrufen; ihr Link gilt nicht mehr.':
    'The invitation to {name} has been revoked; its link no longer works.',
  'Die E-Mail zum Zurücksetzen des Passworts an {name} ist unterwegs (höchstens eine pro Minute).':
    'The password reset e-mail to {name} is on its way (at most one per minute).',
  'Die Sperre von {name} ist aufgehoben; {name} kann sich wieder anmelden.':
    'The lock of {name} has been lifted; {name} can log in again.',
  '{name} ist deaktiviert und sofort abgemeldet.': '{name} has been deactivated and logged out at once.',
  '{name} ist wieder aktiv.': '{name} is active again.',
  'Einladung widerrufen: Bitte bestätigen': 'Revoke invitation: please confirm',
  '{name} deaktivieren?': 'Deactivate {name}?',
  'Einladung an {name} widerrufen?': 'Revoke the invitation to {name}?',
  'Der Link in der Einladung gilt dann nicht mehr; die Person kann später erneut eingeladen werden.':
    'The link in the invitation then no longer works; the person can be invited again later.',
  'Einladung jetzt widerrufen': 'Revoke the invitation now',
  'Die Person ist wieder aktiv.': 'The person is active again.',
  'Die Einladung gilt jetzt für die korrigierte Adresse. Eine offene Einladung ging neu dorthin; der bisherige Link gilt nicht mehr.':
    'The invitation now applies to the corrected address. An open invitation was sent there anew; the earlier link no longer works.',
  'Die Änderung ist angefragt: Die Person erhält eine E-Mail dazu. Die neue Adresse gilt für die Anmeldung erst, wenn die Person sie bestätigt hat.':
    'The change has been requested: the person receives an e-mail about it. The new address is used for logging in only once the person has confirmed it.',
  'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.':
    'Please enter a valid e-mail address, e.g. name@example.com.',
  'Eine Kundennummer ist ungültig: erlaubt sind bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -.':
    'A customer number is invalid: up to 40 letters, digits, spaces and . _ / - are allowed.',
  'Diese Person hat auch bei einem anderen Makler einen Zugang. Sperre und zweiter Faktor gelten für alle ihre Zugänge: Bitte wenden Sie sich an den Betreiber der Plattform.':
    'This person also has access at another broker. The lock and the second factor apply to all of their accesses: ' +
    'please contact the operator of the platform.',
  'Das darf bei dieser Person nur eine Administratorin oder ein Administrator.':
    'Only an administrator may do this for this person.',
  'Die letzte aktive Administratorin bzw. der letzte aktive Administrator kann nicht deaktiviert werden.':
    'The last active administrator cannot be deactivated.',
  'Diese Person hat bereits ein Passwort; es gibt keine offene Einladung.':
    'This person already has a password; there is no open invitation.',
  'Nach zwei Tagen mit wiederholten Versuchen aufgegeben.': 'Given up after two days of repeated attempts.',
  '(Antwort des Mailservers: {reply})': '(reply of the mail server: {reply})',
  'Das Postfach des Empfängers ist voll.': 'The recipient’s mailbox is full.',
  'Der Mailserver des Empfängers kennt diese Adresse nicht oder nimmt für sie keine E-Mails an. Bitte prüfen Sie die Adresse.':
    'The recipient’s mail server does not know this address or does not accept e-mails for it. Please check the address.',
  'Der Mailserver des Empfängers hat die E-Mail abgelehnt.': 'The recipient’s mail server rejected the e-mail.',
  'Der Mailserver des Empfängers hat die E-Mail vorübergehend abgewiesen.':
    'The recipient’s mail server temporarily refused the e-mail.',
  'Der Mailserver hat nicht rechtzeitig geantwortet.': 'The mail server did not answer in time.',
  'Der Mailserver war nicht erreichbar.': 'The mail server could not be reached.',
  'Die E-Mail konnte nicht zugestellt werden.': 'The e-mail could not be delivered.',
  'Schäden einbeziehen': 'Include claims',
  'Referenzadressen einbeziehen': 'Include reference addresses',
  'Vorgänge teilen': 'Share cases',
  'Verträge automatisch teilen': 'Share contracts automatically',
  'alle Sparten': 'all lines of business',
  'Sparten: {lines}': 'Lines of business: {lines}',
  'Dokumentenprofil: {profile}': 'Document profile: {profile}',
  Freigaben: 'Sharing',
  'Nur diese Sparten (optional)': 'Only these lines of business (optional)',
  'Durch Komma getrennt, z. B. Kfz, Hausrat. Leer lassen für alle Sparten.':
    'Separated by commas, e.g. motor, household contents. Leave empty for all lines of business.',
  'Dokumentenprofil (optional)': 'Document profile (optional)',
  'Name des Profils': 'Name of the profile',
  Delegation: 'Delegation',
  'Wer eine Freischaltung mit diesem Profil hat, darf im eigenen Portal Kolleginnen und Kollegen in Freischaltungen der gewählten Profile einladen – und nur diese verwalten.':
    'Whoever has an access grant with this profile may invite colleagues in their own portal to access grants of the chosen profiles – and manage only those.',
  'Es gibt noch keine weiteren Profile.': 'There are no other profiles yet.',
  'Darf einladen mit Profil „{profile}“': 'May invite with profile “{profile}”',
  'Eigene Freischaltung je eingeladener Person': 'A separate access grant for each invited person',
  'Gilt, wenn mit diesem Profil eingeladen wird: Jede Person erhält eine eigene Freischaltung mit dem Namen „Freischaltung/E-Mail-Adresse“.':
    'Applies when inviting with this profile: each person receives their own access grant named “access grant/e-mail address”.',
  'Verwaltung: Freischaltungsprofile': 'Administration: access grant profiles',
  'Ein Profil bündelt Freigaben. Wenn Sie ein Profil auf eine Freischaltung anwenden, werden seine Freigaben in die Freischaltung {copied}: Spätere Änderungen an seinen Freigaben ändern bestehende Freischaltungen nicht. Seine Delegationen dagegen gelten sofort für alle Freischaltungen, auf die es angewendet wurde.':
    'A profile bundles sharing options. When you apply a profile to an access grant, its options are {copied} into the access grant: later changes to its options do not change existing access grants. Its delegations, however, apply at once to every access grant it was applied to.',
  kopiert: 'copied',
  'Profile ({count})': 'Profiles ({count})',
  'Noch keine Profile.': 'No profiles yet.',
  'Darf einladen mit: {profiles}': 'May invite with: {profiles}',
  'Neues Profil': 'New profile',
  'Das Profil wurde nicht angelegt. Bitte korrigieren Sie die markierten Felder.':
    'The profile was not created. Please correct the marked fields.',
  'Profil anlegen': 'Create profile',
  '← Alle Profile': '← All profiles',
  'Profil: {profile}': 'Profile: {profile}',
  'Die Änderungen wurden nicht gespeichert. Bitte korrigieren Sie die markierten Felder.':
    'The changes were not saved. Please correct the marked fields.',
  'Name, Freigaben und Delegation': 'Name, sharing and delegation',
  'Änderungen speichern': 'Save changes',
  Kopieren: 'Copy',
  'Name der Kopie': 'Name of the copy',
  'Kopie anlegen': 'Create copy',
  Löschen: 'Delete',
  'Freischaltungen, auf die das Profil angewendet wurde, behalten ihre Freigaben.':
    'Access grants the profile was applied to keep their sharing options.',
  'Profil löschen …': 'Delete profile …',
  'Profil „{profile}“ löschen?': 'Delete profile “{profile}”?',
  'Das Profil und seine Delegationen werden gelöscht. Freischaltungen behalten ihre Freigaben; ihre Inhaber können mit diesem Profil aber niemanden mehr neu einladen. Das lässt sich nicht rückgängig machen.':
    'The profile and its delegations will be deleted. Access grants keep their sharing options, but their holders can no longer invite anybody with this profile. This cannot be undone.',
  'Ja, Profil löschen': 'Yes, delete profile',
  'Das Profil ist angelegt.': 'The profile has been created.',
  'Die Änderungen sind gespeichert.': 'The changes have been saved.',
  'Die Kopie ist angelegt.': 'The copy has been created.',
  'Das Profil ist gelöscht.': 'The profile has been deleted.',
  '{profile} (Kopie)': '{profile} (copy)',
  Freischaltungsprofile: 'Access grant profiles',
  'Profil {profile}': 'Profile {profile}',
  'Profil löschen': 'Delete profile',
  'Sparten: höchstens {max}, durch Komma getrennt, je bis zu 40 Buchstaben, Ziffern und Leerzeichen.':
    'Lines of business: at most {max}, separated by commas, each up to 40 letters, digits and spaces.',
  'Das Dokumentenprofil darf höchstens {max} Zeichen haben.': 'The document profile may have at most {max} characters.',
  'Bitte geben Sie einen Namen ein (1 bis {max} Zeichen).': 'Please enter a name (1 to {max} characters).',
  'Bitte wählen Sie delegierbare Profile aus der Liste.': 'Please choose profiles to delegate from the list.',
  'Ein Profil mit diesem Namen gibt es schon.': 'A profile with this name already exists.',
  'Kunde (Versicherungsnehmer)': 'Customer (policyholder)',
  'Name der Freischaltung': 'Name of the access grant',
  Art: 'Type',
  Vermittlerkonten: 'Intermediary accounts',
  Kundennummern: 'Customer numbers',
  'Mehrere durch Komma getrennt – z. B. die einer Familie oder einer Person und ihrer Firma.':
    'Several separated by commas – e.g. those of a family, or of a person and their company.',
  Betreuer: 'Account manager',
  '– niemand –': '– nobody –',
  'Verwaltung: Freischaltungen': 'Administration: access grants',
  Suchen: 'Search',
  'Name oder Kundennummer': 'Name or customer number',
  'Freischaltungen ({count})': 'Access grants ({count})',
  'Keine Freischaltungen gefunden.': 'No access grants found.',
  'keine Nummern': 'no numbers',
  'Neue Freischaltung': 'New access grant',
  'Die Freischaltung wurde nicht angelegt. Bitte korrigieren Sie die markierten Felder.':
    'The access grant was not created. Please correct the marked fields.',
  'Freischaltung anlegen': 'Create access grant',
  '← Alle Freischaltungen': '← All access grants',
  'Freischaltung: {grant}': 'Access grant: {grant}',
  'Geteilt mit Benutzer': 'Shared with users',
  'Noch niemand hat Zugang über diese Freischaltung.': 'Nobody has access through this access grant yet.',
  'Zugang von {name} entfernen': 'Remove the access of {name}',
  Entfernen: 'Remove',
  'Entfernen beendet den Zugang sofort, auch in geöffneten Sitzungen, wenn die Person keine andere Freischaltung hat.':
    'Removing ends the access at once, also in open sessions, if the person has no other access grant.',
  'E-Mail-Adresse hinzufügen': 'Add e-mail address',
  'Wer hier noch keinen Zugang hat, erhält eine Einladung per E-Mail; wer hier schon Zugang hat, keine E-Mail: Die Freischaltung gilt sofort.':
    'Whoever has no access here yet receives an invitation by e-mail; whoever already has access here, no e-mail: the grant applies at once.',
  'Name der Person': 'Name of the person',
  Hinzufügen: 'Add',
  'Daten und Freigaben': 'Data and sharing',
  'Änderungen gelten sofort.': 'Changes apply at once.',
  'Profil anwenden': 'Apply a profile',
  'Die Freigaben des Profils werden in diese Freischaltung kopiert und ersetzen die bisherigen. Spätere Änderungen an den Freigaben des Profils ändern diese Freischaltung nicht.':
    'The profile’s sharing options are copied into this access grant and replace the current ones. Later changes to the profile’s options do not change this access grant.',
  'Die Freischaltung merkt sich das Profil: Wen ihre Inhaber im eigenen Portal als Kolleginnen und Kollegen einladen dürfen, richtet sich nach den Delegationen, die das Profil gerade hat.':
    'The access grant remembers the profile: whom its holders may invite as colleagues in their own portal follows the delegations the profile has now.',
  'Angewendetes Profil: {profile}': 'Applied profile: {profile}',
  'Im Kundenportal delegiert aus „{grant}“. Wird jene Freischaltung gelöscht, wird diese mitgelöscht.':
    'Delegated in the customer portal from “{grant}”. If that access grant is deleted, this one is deleted with it.',
  'Im Kundenportal delegiert aus „{grant}“ von {email}. Wird jene Freischaltung gelöscht, wird diese mitgelöscht.':
    'Delegated in the customer portal from “{grant}” by {email}. If that access grant is deleted, this one is deleted with it.',
  Profil: 'Profile',
  'Freigaben des Profils übernehmen': 'Take over the profile’s sharing options',
  'Freischaltung löschen …': 'Delete access grant …',
  'Freischaltung „{grant}“ löschen?': 'Delete access grant “{grant}”?',
  '1 Person hat Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.':
    '1 person has access through this access grant. Anyone without another access grant loses access at once. This cannot be undone.',
  '{count} Personen haben Zugang über diese Freischaltung. Wer keine andere Freischaltung hat, verliert den Zugang sofort. Das lässt sich nicht rückgängig machen.':
    '{count} people have access through this access grant. Anyone without another access grant loses access at once. This cannot be undone.',
  'In der Personenliste ansehen': 'View in the list of people',
  'Ja, Freischaltung löschen': 'Yes, delete access grant',
  'Die Freischaltung ist angelegt.': 'The access grant has been created.',
  'Die Änderungen sind gespeichert und gelten ab sofort.': 'The changes have been saved and apply at once.',
  'Die Freigaben des Profils sind übernommen.': 'The profile’s sharing options have been taken over.',
  'Der Zugang über diese Freischaltung ist entfernt.': 'The access through this access grant has been removed.',
  'Die Freischaltung ist gelöscht.': 'The access grant has been deleted.',
  'Eine Freischaltung mit diesem Namen gibt es schon.': 'An access grant with this name already exists.',
  'Bitte wählen Sie den Betreuer aus der Liste.': 'Please choose the account manager from the list.',
  'Diese Freischaltung passt nicht zur Art der Person.': 'This access grant does not match the type of person.',
  Freischaltungen: 'Access grants',
  'Freischaltung {grant}': 'Access grant {grant}',
  'Freischaltung löschen': 'Delete access grant',
  aktiv: 'active',
  eingeladen: 'invited',
  'Verwaltung: Einstellungen': 'Administration: settings',
  'Die Einstellungen wurden nicht gespeichert.': 'The settings were not saved.',
  'Bitte korrigieren Sie die markierten Felder.': 'Please correct the marked fields.',
  'Portal und E-Mails': 'Portal and e-mails',
  'Name des Portals': 'Name of the portal',
  Hauptfarbe: 'Main colour',
  'Kopfzeile und Schaltflächen. Weiße Schrift muss darauf gut lesbar sein (Kontrast mindestens 4,5 : 1).':
    'Header and buttons. White text must be easy to read on it (contrast at least 4.5 : 1).',
  'Absendername der E-Mails (optional)': 'Sender name of the e-mails (optional)',
  'Ohne Angabe steht der Name des Portals als Absender.': 'If left empty, the name of the portal is the sender.',
  'Antwortadresse (optional)': 'Reply-to address (optional)',
  'Antworten Ihrer Kundinnen und Kunden auf E-Mails des Portals gehen an diese Adresse.':
    'Replies from your customers to e-mails of the portal go to this address.',
  'Gültigkeit einer Einladung in Tagen': 'Validity of an invitation in days',
  'Zwischen 1 und 30 Tagen. Gilt für Einladungen, die ab jetzt verschickt werden.':
    'Between 1 and 30 days. Applies to invitations sent from now on.',
  'Sprache der E-Mails': 'Language of the e-mails',
  'Auch die Sprache der Seiten, solange eine Person nicht selbst umschaltet.':
    'Also the language of the pages, unless a person switches it themselves.',
  Deutsch: 'German',
  Englisch: 'English',
  Sicherheit: 'Security',
  'Abmeldung bei Inaktivität (Minuten)': 'Logout after inactivity (minutes)',
  'Zwischen 5 und 120 Minuten. Empfohlen: 30.': 'Between 5 and 120 minutes. Recommended: 30.',
  'Längste Sitzungsdauer (Stunden)': 'Longest session (hours)',
  'Zwischen 1 und 24 Stunden; danach ist eine neue Anmeldung nötig. Empfohlen: 12.':
    'Between 1 and 24 hours; after that, a new login is needed. Recommended: 12.',
  'Zweiten Faktor für alle Mitarbeitenden verlangen': 'Require a second factor for all staff',
  'Mitarbeitende ohne Authenticator-App richten ihn direkt nach der nächsten Anmeldung ein.':
    'Staff without an authenticator app set it up right after their next login.',
  'Einstellungen speichern': 'Save settings',
  Logo: 'Logo',
  'Noch kein Logo hinterlegt. In der Kopfzeile steht der Name des Portals.':
    'No logo yet. The header shows the name of the portal.',
  'Aktuelles Logo': 'Current logo',
  'Logo-Datei (PNG oder SVG, höchstens 200 KB)': 'Logo file (PNG or SVG, at most 200 KB)',
  'Logo hochladen': 'Upload logo',
  'Logo entfernen': 'Remove logo',
  'Adressen des Portals': 'Addresses of the portal',
  'Unter diesen Adressen erreichen Ihre Kundinnen und Kunden das Portal. Links in E-Mails führen immer zur Hauptadresse. Eine neue Adresse muss im DNS auf Portico zeigen.':
    'Your customers reach the portal at these addresses. Links in e-mails always lead to the main address. A new address must point to Portico in the DNS.',
  Hauptadresse: 'Main address',
  '{host} als Hauptadresse festlegen': 'Make main address: {host}',
  'Als Hauptadresse festlegen': 'Make main address',
  '{host} entfernen': 'Remove {host}',
  'Weitere Adresse': 'Further address',
  'Zum Beispiel portal.ihr-makler.de': 'For example portal.your-broker.com',
  'Adresse hinzufügen': 'Add address',
  'Die Einstellungen sind gespeichert und gelten ab sofort.': 'The settings have been saved and apply at once.',
  'Das Logo ist gespeichert.': 'The logo has been saved.',
  'Das Logo ist entfernt.': 'The logo has been removed.',
  'Die Adresse ist hinzugefügt.': 'The address has been added.',
  'Die Adresse ist entfernt.': 'The address has been removed.',
  'Die Hauptadresse ist geändert. Neue E-Mails enthalten Links zu dieser Adresse.':
    'The main address has been changed. New e-mails contain links to this address.',
  'Bitte geben Sie eine Adresse wie portal.ihr-makler.de ein (ohne https:// und ohne Pfad).':
    'Please enter an address such as portal.your-broker.com (without https:// and without a path).',
  'Diese Adresse wird bereits verwendet.': 'This address is already in use.',
  'Die letzte Adresse kann nicht entfernt werden.': 'The last address cannot be removed.',
  'Die Hauptadresse kann nicht entfernt werden. Legen Sie zuerst eine andere Adresse als Hauptadresse fest.':
    'The main address cannot be removed. First make another address the main address.',
  Einstellungen: 'Settings',
  'Bitte geben Sie den Namen des Portals ein (1 bis {max} Zeichen).':
    'Please enter the name of the portal (1 to {max} characters).',
  'Bitte geben Sie die Farbe als Hex-Wert ein, z. B. #1f4e79.': 'Please enter the colour as a hex value, e.g. #1f4e79.',
  'Weiße Schrift auf dieser Farbe ist schwer lesbar (Kontrast {ratio} : 1, nötig sind mindestens 4,5 : 1). Bitte wählen Sie eine dunklere Farbe.':
    'White text is hard to read on this colour (contrast {ratio} : 1, at least 4.5 : 1 is needed). Please choose a darker colour.',
  'Der Absendername darf höchstens {max} Zeichen haben.': 'The sender name may have at most {max} characters.',
  'Bitte geben Sie eine gültige Antwortadresse ein, z. B. service@makler.de, oder lassen Sie das Feld leer.':
    'Please enter a valid reply-to address, e.g. service@broker.com, or leave the field empty.',
  'Die Gültigkeit einer Einladung muss zwischen {min} und {max} Tagen liegen.':
    'The validity of an invitation must be between {min} and {max} days.',
  'Die Abmeldung bei Inaktivität muss zwischen {min} und {max} Minuten liegen.':
    'The logout after inactivity must be between {min} and {max} minutes.',
  'Die längste Sitzungsdauer muss zwischen {min} und {max} Stunden liegen.':
    'The longest session must be between {min} and {max} hours.',
  'Bitte wählen Sie Deutsch oder Englisch.': 'Please choose German or English.',
  'Bitte wählen Sie eine Datei aus.': 'Please choose a file.',
  'Die PNG-Datei ist beschädigt.': 'The PNG file is damaged.',
  'Das Logo darf höchstens {side} × {side} Pixel groß sein.': 'The logo may be at most {side} × {side} pixels.',
  'Bitte laden Sie eine PNG- oder SVG-Datei hoch.': 'Please upload a PNG or SVG file.',
  'Das SVG enthält eine Dokumenttyp-Deklaration; bitte speichern Sie es ohne sie.':
    'The SVG contains a document type declaration; please save it without one.',
  'Das SVG enthält Skripte, Ereignis-Attribute oder eingebettete Inhalte. Bitte laden Sie eine reine Grafik hoch.':
    'The SVG contains scripts, event attributes or embedded content. Please upload a plain graphic.',
  Anmeldung: 'Login',
  'Anmeldung fehlgeschlagen': 'Login failed',
  'Anmeldung vorübergehend gesperrt': 'Login temporarily locked',
  'Anmeldung mit unbestätigter E-Mail-Adresse': 'Login with an unconfirmed e-mail address',
  'Passwort festgelegt': 'Password set',
  'Passwort zurückgesetzt': 'Password reset',
  'Passwort geändert': 'Password changed',
  'Einladung verschickt': 'Invitation sent',
  'Zugang freigeschaltet': 'Access granted',
  'Einladung angenommen (erste Anmeldung)': 'Invitation accepted (first login)',
  'Andere Sitzungen beendet': 'Other sessions ended',
  'Sperre aufgehoben': 'Lock lifted',
  'Änderung der E-Mail-Adresse angefordert': 'E-mail address change requested',
  'Änderung der E-Mail-Adresse durch die Verwaltung angefragt': 'E-mail address change asked for by staff',
  'Einladung an die korrigierte E-Mail-Adresse umgeleitet': 'Invitation moved to the corrected e-mail address',
  'Zugang entfernt': 'Access removed',
  'Person deaktiviert': 'Person deactivated',
  'Person reaktiviert': 'Person reactivated',
  'Freischaltung angelegt': 'Access grant created',
  'Freischaltung geändert': 'Access grant changed',
  'Freischaltung gelöscht': 'Access grant deleted',
  'Zweiter Faktor eingerichtet': 'Second factor set up',
  'Zweiter Faktor entfernt': 'Second factor removed',
  'Anmeldung mit zweitem Faktor': 'Login with second factor',
  'Zweiter Faktor falsch': 'Second factor wrong',
  'Wiederherstellungscode verwendet': 'Recovery code used',
  'Wiederherstellungscodes erneuert': 'Recovery codes renewed',
  'Einstellungen geändert': 'Settings changed',
  'Freischaltungsprofil geändert': 'Access grant profile changed',
  'Betreiber (Kommandozeile)': 'Operator (command line)',
  'API-Schlüssel {prefix}': 'API key {prefix}',
  'die Person selbst': 'the person themselves',
  'Verwaltung: Protokoll': 'Administration: audit log',
  'Anmeldungen, Passwörter, Einladungen und Änderungen in Ihrem Portal – wer, wann und von welcher Adresse. Passwörter und Links stehen nie im Protokoll.':
    'Logins, passwords, invitations and changes in your portal – who, when and from which address. Passwords and links never appear in the log.',
  'Person (E-Mail-Adresse)': 'Person (e-mail address)',
  Ereignis: 'Event',
  'Alle Ereignisse': 'All events',
  'Als CSV-Datei herunterladen': 'Download as a CSV file',
  '(mit diesem Filter, höchstens {count} Einträge)': '(with this filter, at most {count} entries; columns in German)',
  'Keine Einträge für diesen Filter.': 'No entries for this filter.',
  Protokolleinträge: 'Log entries',
  'Protokolleinträge, neueste zuerst': 'Log entries, newest first',
  Zeit: 'Time',
  Person: 'Person',
  'Ausgeführt von': 'Done by',
  Adresse: 'Address',
  'Ältere Einträge': 'Older entries',
  'Bitte geben Sie eine vollständige E-Mail-Adresse ein, z. B. name@beispiel.de.':
    'Please enter a complete e-mail address, e.g. name@example.com.',
  Protokoll: 'Audit log',
  'Zeile {line}: {problem}': 'Line {line}: {problem}',
  '… und {count} weitere.': '… and {count} more.',
  'Verwaltung: Einladungen aus einer CSV-Datei': 'Administration: invitations from a CSV file',
  'Die erste Zeile enthält die Spaltennamen: {email} und {name}, optional {kind} (Versicherungsnehmer oder Vermittler), {customers} (mehrere durch Komma oder | getrennt) und {grant} (Name der Freischaltung). Deutsche Spaltennamen (E-Mail, Name, Art, Kundennummern, Freischaltung) gehen auch; Trennzeichen Semikolon oder Komma.':
    'The first line contains the column names: {email} and {name}, optionally {kind} (policyholder or intermediary), {customers} (several separated by commas or |) and {grant} (name of the access grant). German column names (E-Mail, Name, Art, Kundennummern, Freischaltung) work too; separator semicolon or comma.',
  'Sie sehen zuerst eine Vorschau mit allen Fehlern. Erst nach Ihrer Bestätigung werden Einladungen verschickt.':
    'You first see a preview with all errors. Invitations are sent only after you confirm.',
  'CSV-Datei (UTF-8, höchstens 2 MB und {rows} Zeilen)': 'CSV file (UTF-8, at most 2 MB and {rows} lines)',
  'Datei prüfen': 'Check file',
  'Letzte Importe': 'Recent imports',
  'abgeschlossen: {processed} von {total} Zeilen': 'finished: {processed} of {total} lines',
  'läuft: {processed} von {total} Zeilen': 'running: {processed} of {total} lines',
  'Vorschau: {file}': 'Preview: {file}',
  '{ready} Zeilen bereit, {failed} mit Fehlern': '{ready} lines ready, {failed} with errors',
  'Zeilen mit Fehlern werden nicht importiert. Sie können die Datei korrigieren und erneut prüfen oder nur die fehlerfreien Zeilen importieren.':
    'Lines with errors are not imported. You can correct the file and check it again, or import only the lines without errors.',
  'Alle Zeilen sind in Ordnung. Noch wurde nichts gespeichert und keine E-Mail verschickt.':
    'All lines are in order. Nothing has been saved and no e-mail has been sent yet.',
  Fehler: 'Errors',
  'Die ersten {shown} von {count} Zeilen': 'The first {shown} of {count} lines',
  Zeilen: 'Lines',
  'Vorschau der Zeilen': 'Preview of the lines',
  Zeile: 'Line',
  Name: 'Name',
  Freischaltung: 'Access grant',
  '{count} Zeilen importieren': 'Import {count} rows',
  'Wer hier schon Zugang hat, erhält keine E-Mail: Die Freischaltung gilt sofort.':
    'Whoever already has access here receives no e-mail: the grant applies at once.',
  'Andere Datei wählen': 'Choose another file',
  'Import: {file}': 'Import: {file}',
  'Der Import ist abgeschlossen.': 'The import is finished.',
  '{invited} eingeladen, {activated} hatten hier schon Zugang, {failed} nicht möglich.':
    '{invited} invited, {activated} already had access here, {failed} not possible.',
  'Der Import läuft: {processed} von {total} Zeilen erledigt. Diese Seite aktualisiert sich alle 2 Sekunden; Sie können sie auch schließen.':
    'The import is running: {processed} of {total} lines done. This page refreshes every 2 seconds; you may also close it.',
  Fortschritt: 'Progress',
  '{processed} von {total}': '{processed} of {total}',
  'Eingeladen: {count}': 'Invited: {count}',
  'Hatten hier schon Zugang: {count}': 'Already had access here: {count}',
  'Nicht möglich: {count}': 'Not possible: {count}',
  'Schon eingeladen, nichts erneut gesendet: {count}': 'Invited already, nothing sent again: {count}',
  '{count} waren schon eingeladen und haben keine neue E-Mail erhalten.':
    '{count} were invited already and got no new e-mail.',
  'Nicht importierte Zeilen': 'Lines not imported',
  'Zu den Personen': 'To the people',
  'Weitere Datei importieren': 'Import another file',
  Import: 'Import',
  'Vorschau des Imports': 'Import preview',
  'Bitte wählen Sie eine CSV-Datei aus.': 'Please choose a CSV file.',
  'Die Datei ist leer.': 'The file is empty.',
  'Die Datei ist zu groß: höchstens 2 MB.': 'The file is too large: at most 2 MB.',
  'Die Datei ist nicht in UTF-8 gespeichert. Bitte speichern Sie sie als „CSV UTF-8“.':
    'The file is not saved in UTF-8. Please save it as “CSV UTF-8”.',
  'Die Datei ist keine gültige CSV-Datei. Bitte prüfen Sie Anführungszeichen und Trennzeichen.':
    'The file is not a valid CSV file. Please check quotation marks and separators.',
  'Die Datei ist keine gültige CSV-Datei (Zeile {line}). Bitte prüfen Sie Anführungszeichen und Trennzeichen.':
    'The file is not a valid CSV file (line {line}). Please check quotation marks and separators.',
  'Die Datei enthält keine Zeilen.': 'The file contains no lines.',
  'Die erste Zeile muss die Spaltennamen enthalten, mindestens „email“ und „name“ (weitere: „kind“, „customer_numbers“, „grant“ bzw. „Art“, „Kundennummern“, „Freischaltung“).':
    'The first line must contain the column names, at least “email” and “name” (further: “kind”, “customer_numbers”, “grant”, or “Art”, “Kundennummern”, “Freischaltung”).',
  'Die Datei enthält {count} Zeilen; höchstens {max} sind möglich. Bitte teilen Sie sie auf.':
    'The file contains {count} lines; at most {max} are possible. Please split it up.',
  'E-Mail-Adresse „{email}“ ist ungültig': 'E-mail address “{email}” is invalid',
  'E-Mail-Adresse steht schon in Zeile {line}': 'E-mail address already in line {line}',
  'Name fehlt oder ist länger als 120 Zeichen': 'Name missing or longer than 120 characters',
  'Art „{kind}“ ist unbekannt (Versicherungsnehmer oder Vermittler)':
    'Type “{kind}” is unknown (policyholder or intermediary)',
  'eine Kundennummer ist ungültig (bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -)':
    'a customer number is invalid (up to 40 letters, digits, spaces and . _ / -)',
  'Name der Freischaltung ist länger als 120 Zeichen': 'Name of the access grant longer than 120 characters',
  'Die Datei enthält nur die Kopfzeile.': 'The file contains only the header line.',
  'Einladung zugestellt': 'Invitation delivered',
  'Einladung nicht zustellbar': 'Invitation undeliverable',
  'Einladung angenommen (Passwort gesetzt oder erste Anmeldung)': 'Invitation accepted (password set or first login)',
  'Kopieren Sie den Wert jetzt. Er wird nur dieses eine Mal angezeigt und ist bei Portico nicht wieder abrufbar.':
    'Copy the value now. It is shown only this once and cannot be retrieved from Portico again.',
  'Verwaltung: Schnittstelle': 'Administration: interface',
  'Ihr Maklerverwaltungsprogramm (CRM) schaltet Zugänge über die API frei. Die Beschreibung steht unter {link}.':
    'Your broker management software (CRM) grants access through the API. The description is at {link}.',
  'Der neue API-Schlüssel': 'The new API key',
  'Das Geheimnis des Webhooks (zum Prüfen der Signatur)': 'The webhook’s secret (to check the signature)',
  'API-Schlüssel': 'API keys',
  'Noch keine Schlüssel.': 'No keys yet.',
  'Angelegt {created} · zuletzt benutzt {used}': 'Created {created} · last used {used}',
  'Angelegt {created} · zuletzt benutzt {used} · widerrufen {revoked}':
    'Created {created} · last used {used} · revoked {revoked}',
  'Schlüssel {name} widerrufen': 'Revoke key {name}',
  'Widerrufen…': 'Revoke…',
  'Löschen…': 'Delete…',
  'Bezeichnung des neuen Schlüssels': 'Name of the new key',
  'Zum Beispiel der Name Ihres CRM.': 'For example the name of your CRM.',
  'Schlüssel anlegen': 'Create key',
  Webhooks: 'Webhooks',
  'Portico meldet Ereignisse an diese Adressen, signiert mit HMAC-SHA256 (Kopfzeile Portico-Signature), und versucht es bei Fehlern mehrmals erneut.':
    'Portico reports events to these addresses, signed with HMAC-SHA256 (header Portico-Signature), and retries several times on errors.',
  'Noch keine Webhooks.': 'No webhooks yet.',
  'Webhook {url} löschen': 'Delete webhook {url}',
  'Adresse (URL) des Empfängers': 'Address (URL) of the recipient',
  Ereignisse: 'Events',
  'Webhook anlegen': 'Create webhook',
  '← Schnittstelle': '← Interface',
  'Zustellungen an {url}': 'Deliveries to {url}',
  'Noch keine Zustellungen.': 'No deliveries yet.',
  'Zustellungen mit jedem Versuch': 'Deliveries with every attempt',
  Versuche: 'Attempts',
  zugestellt: 'delivered',
  aufgegeben: 'given up',
  'wartet auf Zustellung': 'waiting for delivery',
  '{attempt}. {time}: keine Antwort ({error}), {duration} ms': '{attempt}. {time}: no answer ({error}), {duration} ms',
  '{attempt}. {time}: HTTP {status}, {duration} ms': '{attempt}. {time}: HTTP {status}, {duration} ms',
  'unbekannter Fehler': 'unknown error',
  'Der Schlüssel ist widerrufen und wird ab sofort abgelehnt.': 'The key has been revoked and is refused from now on.',
  'Der Schlüssel „{name}“ ist widerrufen; Anfragen mit ihm werden ab sofort abgelehnt.':
    'The key “{name}” has been revoked; requests with it are refused from now on.',
  'Der Webhook {url} ist gelöscht; es werden keine Ereignisse mehr an ihn gesendet.':
    'The webhook {url} has been deleted; no more events are sent to it.',
  'API-Schlüssel „{name}“ widerrufen?': 'Revoke the API key “{name}”?',
  'Ihr CRM und jedes andere Programm, das diesen Schlüssel verwendet, erhält danach keinen Zugriff mehr auf die API: Freischaltungen und Bestandsdaten lassen sich damit nicht mehr übertragen. Das lässt sich nicht rückgängig machen.':
    'Your CRM and any other program using this key then no longer has access to the API: access grants and portfolio data can no longer be transferred with it. This cannot be undone.',
  'Schlüssel jetzt widerrufen': 'Revoke the key now',
  'Webhook löschen?': 'Delete the webhook?',
  'An diese Adresse werden danach keine Ereignisse mehr gesendet; noch offene Zustellungen entfallen. Das lässt sich nicht rückgängig machen.':
    'No more events are sent to this address afterwards; pending deliveries are dropped. This cannot be undone.',
  'Webhook jetzt löschen': 'Delete the webhook now',
  Schnittstelle: 'Interface',
  'Webhook-Zustellungen': 'Webhook deliveries',
  'Bitte geben Sie eine Bezeichnung ein (1 bis 100 Zeichen).': 'Please enter a name (1 to 100 characters).',
  'Bitte wählen Sie mindestens ein Ereignis.': 'Please choose at least one event.',
  'Bitte geben Sie eine öffentlich erreichbare http- oder https-Adresse ohne Benutzername und Passwort ein.':
    'Please enter a publicly reachable http or https address without user name and password.',
  Personen: 'People',
  Profile: 'Profiles',
  '← Übersicht': '← Overview',

  // Colleagues: delegation in the customer's own portal
  'Kolleginnen und Kollegen': 'Colleagues',
  'Sie dürfen Kolleginnen und Kollegen in eigene Freischaltungen einladen und deren Zugänge wieder entfernen.':
    'You may invite colleagues into access grants of their own and remove their access again.',
  'Kolleginnen und Kollegen einladen und verwalten': 'Invite and manage colleagues',
  'Von Ihnen eingeladen': 'Invited by you',
  'Sie haben noch niemanden eingeladen.': 'You have not invited anybody yet.',
  'Zugang von {name} entfernen …': 'Remove access of {name} …',
  'Kollegin oder Kollegen einladen': 'Invite a colleague',
  'Es wurde niemand eingeladen. {reason}': 'Nobody was invited. {reason}',
  Zugang: 'Access',
  'Je nach Zugang erhält die Person eine eigene Freischaltung („Ihre Freischaltung/E-Mail-Adresse“) oder die gemeinsame Freischaltung dieses Zugangs.':
    'Depending on the access, the person receives an access grant of their own (“your access grant/e-mail address”) or the shared access grant of this access.',
  '{profile} – aus „{grant}“': '{profile} – from “{grant}”',
  'Zugang von {name} entfernen?': 'Remove access of {name}?',
  '{name} ({email}) verliert den Zugang über die Freischaltung „{grant}“ sofort – auch in geöffneten Sitzungen, wenn keine andere Freischaltung bleibt.':
    '{name} ({email}) loses access through the access grant “{grant}” at once – in open sessions too, if no other access grant remains.',
  'Ja, Zugang entfernen': 'Yes, remove access',
  'Zugang entfernen': 'Remove access',
  'Der Zugang ist entfernt und endet sofort.': 'The access has been removed and ends at once.',
  'Bitte geben Sie den Namen der Person ein (höchstens 120 Zeichen, ohne Steuerzeichen).':
    'Please enter the person’s name (at most 120 characters, no control characters).',
  'Der Name der neuen Freischaltung wäre länger als 120 Zeichen. Bitte wenden Sie sich an Ihren Makler.':
    'The name of the new access grant would be longer than 120 characters. Please contact your broker.',
  'Sich selbst können Sie nicht einladen.': 'You cannot invite yourself.',
  'Eine Freischaltung mit diesem Namen gibt es schon, aber nicht für diesen Zugang. Bitte wenden Sie sich an Ihren Makler.':
    'An access grant with this name already exists, but not for this access. Please contact your broker.',
  // Errors: one text per code (src/shared/error-registry.ts)
  'Die Angaben sind ungültig. Bitte prüfen Sie sie und senden Sie sie erneut.':
    'The entries are not valid. Please check them and send them again.',
  'Bitte wählen Sie eine Art aus der Liste.': 'Please choose a type from the list.',
  'Diese E-Mail-Adresse gehört bereits einer anderen Person.': 'This e-mail address already belongs to another person.',
  'Diese Person gibt es hier nicht.': 'This person does not exist here.',
  'Dieses Portal gibt es nicht.': 'This portal does not exist.',
  'Die Kurzbezeichnung ist ungültig: 1 bis 40 Kleinbuchstaben, Ziffern und Bindestriche.':
    'The short name is not valid: 1 to 40 lower-case letters, digits and hyphens.',
  'Diese Kurzbezeichnung wird bereits verwendet.': 'This short name is already in use.',
  'Ein Portal kann höchstens {max} Adressen haben.': 'A portal can have at most {max} addresses.',
  'Diese Adresse gehört nicht zu diesem Portal.': 'This address does not belong to this portal.',
  'Das Logo ist zu groß: höchstens {kilobytes} KB.': 'The logo is too large: at most {kilobytes} KB.',
  'Diese Freischaltung gibt es nicht.': 'This access grant does not exist.',
  'Der Name der Freischaltung muss 1 bis 120 Zeichen haben, ohne Steuerzeichen.':
    'The name of the access grant must have 1 to 120 characters, without control characters.',
  'Dieses Profil gibt es nicht.': 'This profile does not exist.',
  'Diesen Zugang gibt es nicht.': 'This access does not exist.',
  'Diesen API-Schlüssel gibt es nicht.': 'This API key does not exist.',
  'Diesen Webhook gibt es nicht.': 'This webhook does not exist.',
  'Derselbe Eintrag kommt mehrmals vor.': 'The same entry occurs more than once.',
  'Diesen Kunden gibt es nicht.': 'This customer does not exist.',
  'Diesen Vertrag gibt es nicht.': 'This contract does not exist.',
  'Ein Datum ist ungültig.': 'A date is not valid.',
  'Ein Betrag ist ungültig.': 'An amount is not valid.',
  'Die Sparte ist ungültig.': 'The line of business is not valid.',
  'Die Nummer des Versicherers ist ungültig.': 'The insurer number is not valid.',
  'Die Versicherungsscheinnummer ist ungültig.': 'The policy number is not valid.',
  'Der Datenordner wird bereits von einem anderen Prozess verwendet.': 'The data folder is in use by another process.',
  'Das laufende Portal hat nicht wie erwartet geantwortet.': 'The running portal did not answer as expected.',
  'Die Datenbank kann gerade nicht schreiben. Bitte versuchen Sie es später erneut.':
    'The database cannot write at the moment. Please try again later.',
  // Portal shell: navigation, footer, the broker's contact card
  'In diesem Portal stellt {broker} Ihnen bereit, was für Sie freigegeben ist. Hier verwalten Sie auch Ihren Zugang: Passwort, Anmeldeadresse und angemeldete Geräte.':
    'In this portal, {broker} provides what has been shared with you. Here you also manage your access: password, sign-in address and signed-in devices.',
  'Für Sie ist noch nichts freigegeben.': 'Nothing has been shared with you yet.',
  'Für Sie freigegeben:': 'Shared with you:',
  'Sie sind angemeldet als {email}.': 'You are signed in as {email}.',
  'So erreichen Sie {broker}': 'How to reach {broker}',
  'Bei Fragen wenden Sie sich bitte direkt an {broker}.':
    'If you have any questions, please contact {broker} directly.',
  'Bürozeiten:': 'Office hours:',
  Telefon: 'Phone',
  'E-Mail': 'E-mail',
  Impressum: 'Legal notice',
  Datenschutz: 'Privacy',
  Rechtliches: 'Legal',
  Menü: 'Menu',
  Hauptnavigation: 'Main navigation',
  Verträge: 'Contracts',
  Dokumente: 'Documents',
  Schäden: 'Claims',
  Nachrichten: 'Messages',

  // Workspace settings: contact and legal pages
  'Kontakt und Rechtliches': 'Contact and legal',
  'Diese Angaben stehen in der Fußzeile des Portals, auf der Startseite Ihrer Kundinnen und Kunden und am Ende jeder E-Mail. Leere Felder werden nicht angezeigt.':
    'These details appear in the footer of the portal, on your customers’ start page and at the end of every e-mail. Empty fields are not shown.',
  'Die Kontaktangaben wurden nicht gespeichert.': 'The contact details were not saved.',
  'Die Kontaktangaben sind gespeichert.': 'The contact details are saved.',
  'Impressum (Adresse der Seite)': 'Legal notice (address of the page)',
  'Die Seite mit Ihrem Impressum, beginnend mit https://.': 'The page with your legal notice, starting with https://.',
  'Datenschutzerklärung (Adresse der Seite)': 'Privacy policy (address of the page)',
  'Die Seite mit Ihrer Datenschutzerklärung, beginnend mit https://.':
    'The page with your privacy policy, starting with https://.',
  'Unter dieser Nummer erreichen Kundinnen und Kunden Ihr Büro, z. B. +49 221 123456.':
    'The number at which customers reach your office, e.g. +49 221 123456.',
  'E-Mail-Adresse für Kundinnen und Kunden': 'E-mail address for customers',
  'Wird als Kontaktadresse angezeigt, z. B. service@ihr-makler.de.':
    'Shown as the contact address, e.g. service@your-broker.de.',
  Bürozeiten: 'Office hours',
  'Eine kurze Zeile, z. B. Mo–Do 9–17 Uhr, Fr 9–13 Uhr.': 'One short line, e.g. Mon–Thu 9–17, Fri 9–13.',
  Anschrift: 'Postal address',
  'Straße, Postleitzahl und Ort, jeweils in einer eigenen Zeile (höchstens 5 Zeilen).':
    'Street, postcode and town, each on its own line (at most 5 lines).',
  'Kontaktangaben speichern': 'Save contact details',
  'Die Adresse darf höchstens {max} Zeichen haben.': 'The address may have at most {max} characters.',
  'Bitte geben Sie eine vollständige Adresse ein, z. B. https://www.ihr-makler.de/impressum.':
    'Please enter a complete address, e.g. https://www.your-broker.de/legal-notice.',
  'Bitte geben Sie eine sichere Adresse an, die mit https:// beginnt.':
    'Please enter a secure address starting with https://.',
  'Bitte geben Sie die Telefonnummer mit Ziffern ein, z. B. +49 221 123456 (erlaubt sind auch Leerzeichen, +, /, - und Klammern; höchstens {max} Zeichen).':
    'Please enter the phone number in digits, e.g. +49 221 123456 (spaces, +, /, - and brackets are allowed too; at most {max} characters).',
  'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. service@ihr-makler.de.':
    'Please enter a valid e-mail address, e.g. service@your-broker.de.',
  'Die Bürozeiten passen in eine Zeile mit höchstens {max} Zeichen.':
    'The office hours fit on one line of at most {max} characters.',
  'Die Anschrift hat höchstens {lines} Zeilen mit je höchstens {max} Zeichen.':
    'The postal address has at most {lines} lines of at most {max} characters each.',
} as const satisfies Record<string, string>;
