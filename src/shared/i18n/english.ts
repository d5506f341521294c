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
  // Layout and error pages
  'Zum Inhalt springen': 'Skip to content',
  'Ein Kundenportal von {broker} · bereitgestellt mit {platform}': 'A customer portal of {broker} · provided with {platform}',
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
  'Die gesendeten Daten sind zu groß. Es wurde nichts gespeichert.': 'The data sent is too large. Nothing was saved.',
  'Das Formular konnte nicht gelesen werden': 'The form could not be read',
  'Bitte senden Sie das Formular über die Seite. Es wurde nichts gespeichert.': 'Please send the form from the page. Nothing was saved.',
  'Vorübergehend nicht erreichbar': 'Temporarily unavailable',
  'Das Portal ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute erneut. Ihre Eingaben wurden nicht gespeichert.':
    'The portal is not available at the moment. Please try again in a minute. Your entries were not saved.',
  'Ein Fehler ist aufgetreten': 'An error occurred',
  'Das hat leider nicht geklappt. Bitte versuchen Sie es in einigen Minuten erneut.': 'Unfortunately, that did not work. Please try again in a few minutes.',

  // Login
  'Anmelden': 'Log in',
  'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort bei Portico an.': 'Log in to Portico with your e-mail address and password.',
  'Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort bei dem Kundenportal von {broker} an.':
    'Log in to the customer portal of {broker} with your e-mail address and password.',
  'Anmeldung nicht möglich': 'Login not possible',
  'E-Mail-Adresse oder Passwort sind nicht korrekt, oder für diese Adresse besteht hier kein Zugang.':
    'The e-mail address or password is not correct, or this address has no access here.',
  'E-Mail-Adresse': 'E-mail address',
  'Passwort': 'Password',
  'Passwort vergessen?': 'Forgot your password?',
  'Bitte bestätigen Sie Ihre E-Mail-Adresse': 'Please confirm your e-mail address',
  'E-Mail-Adresse noch nicht bestätigt': 'E-mail address not yet confirmed',
  'Ihr Passwort ist richtig. Die E-Mail-Adresse {email} ist aber noch nicht bestätigt. Bitte klicken Sie auf den Link in der Bestätigungs-E-Mail und melden Sie sich danach erneut an.':
    'Your password is correct, but the e-mail address {email} is not yet confirmed. Please click the link in the confirmation e-mail and then log in again.',
  'Wir haben eine neue Bestätigungs-E-Mail an {email} gesendet.': 'We have sent a new confirmation e-mail to {email}.',
  'Eine weitere E-Mail können Sie in {seconds} Sekunden anfordern.': 'You can request another e-mail in {seconds} seconds.',
  'Bestätigungs-E-Mail erneut senden': 'Send the confirmation e-mail again',
  'Zurück zur Anmeldung': 'Back to login',
  'Portal wählen': 'Choose a portal',
  'Guten Tag {name}, Sie haben Zugang zu mehreren Kundenportalen. Welches möchten Sie öffnen?':
    'Hello {name}, you have access to several customer portals. Which one would you like to open?',
  'Abmelden': 'Log out',
  'Anmeldung fortsetzen?': 'Continue logging in?',
  'Sie werden im Kundenportal von {broker} angemeldet als {email}.': 'You will be logged in to the customer portal of {broker} as {email}.',
  'Ist das nicht Ihre E-Mail-Adresse, brechen Sie bitte ab: Dann hat Ihnen jemand einen fremden Anmelde-Link geschickt.':
    'If this is not your e-mail address, please cancel: someone has sent you a login link that is not yours.',
  'Weiter als {email}': 'Continue as {email}',
  'Abbrechen': 'Cancel',
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
  'Beide Eingaben stimmen überein': 'Both entries match',
  'Die beiden Eingaben stimmen nicht überein. Bitte geben Sie dasselbe Passwort zweimal ein.':
    'The two entries do not match. Please enter the same password twice.',
  'Passwort anzeigen': 'Show password',
  'Neues Passwort festlegen': 'Set a new password',
  'Passwort festlegen': 'Set your password',
  'Guten Tag {name}, bitte wählen Sie ein neues Passwort für Ihren Zugang.': 'Hello {name}, please choose a new password for your access.',
  'Guten Tag {name}, bitte wählen Sie ein Passwort für Ihren Zugang.': 'Hello {name}, please choose a password for your access.',
  'Ihre E-Mail-Adresse für die Anmeldung: {email}': 'Your e-mail address for logging in: {email}',
  'Das Passwort wurde noch nicht gespeichert': 'The password has not been saved yet',
  'Passwort wiederholen': 'Repeat password',
  'Tipp: Ein Satz aus mehreren Wörtern ist leicht zu merken und schwer zu erraten.': 'Tip: a sentence of several words is easy to remember and hard to guess.',
  'Passwort speichern': 'Save password',
  'Zur Anmeldung': 'To the login',
  'Passwort gespeichert': 'Password saved',
  'Ihr Passwort wurde gespeichert. Sie können sich ab sofort mit Ihrer E-Mail-Adresse und diesem Passwort anmelden.':
    'Your password has been saved. From now on you can log in with your e-mail address and this password.',
  'Sie sind noch nicht angemeldet. Sie können dieses Fenster jetzt schließen oder sich gleich anmelden.':
    'You are not logged in yet. You can close this window now or log in straight away.',
  'Dieser Link ist abgelaufen.': 'This link has expired.',
  'Dieser Link wurde bereits verwendet.': 'This link has already been used.',
  'Dieser Link gilt nicht mehr, weil inzwischen ein neuerer Link verschickt wurde.': 'This link is no longer valid because a newer link has been sent since.',
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
  'Bitte sehen Sie in Ihr Postfach': 'Please check your inbox',
  'Wenn zu dieser Adresse ein Zugang besteht, haben wir soeben einen Link gesendet. Er ist eine Stunde gültig. Bitte sehen Sie auch im Spam-Ordner nach.':
    'If this address has an access, we have just sent a link. It is valid for one hour. Please also check your spam folder.',
  'Link ungültig': 'Link invalid',
  'Bitte bestätigen Sie, dass {email} Ihre E-Mail-Adresse ist.': 'Please confirm that {email} is your e-mail address.',
  'E-Mail-Adresse bestätigt': 'E-mail address confirmed',
  'Vielen Dank. Die E-Mail-Adresse {email} ist bestätigt. Sie können sich jetzt anmelden.': 'Thank you. The e-mail address {email} is confirmed. You can now log in.',

  // Portal home, profile, second factor, e-mail change
  'Versicherungsnehmer': 'Policyholder',
  'Vermittler': 'Intermediary',
  'Administration': 'Administration',
  'Mitarbeiter': 'Staff',
  'Willkommen, {name}': 'Welcome, {name}',
  'Sie sind im Kundenportal von {broker} angemeldet als {email}.': 'You are logged in to the customer portal of {broker} as {email}.',
  'Ihre Rolle: {roles}': 'Your role: {roles}',
  'Mein Zugang: Passwort ändern, angemeldete Geräte': 'My access: change password, logged-in devices',
  'Verwaltung: Personen einladen und verwalten': 'Administration: invite and manage people',
  'Ihre Freischaltungen': 'Your access grants',
  'Für Sie sind noch keine Verträge oder Kunden freigeschaltet.': 'No contracts or customers have been shared with you yet.',
  'Vermittlerzugang': 'Intermediary access',
  'Kundenzugang': 'Customer access',
  'Kundennummern: {numbers}': 'Customer numbers: {numbers}',
  'Übersicht': 'Overview',
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
  'Link an neue Adresse senden': 'Send a link to the new address',
  'Zweiter Faktor': 'Second factor',
  'Eingeschaltet: Bei der Anmeldung fragen wir zusätzlich nach einem Code aus Ihrer Authenticator-App.': 'On: when you log in, we also ask for a code from your authenticator app.',
  'Ausgeschaltet: Sie melden sich nur mit Ihrem Passwort an.': 'Off: you log in with your password only.',
  'Zweiten Faktor verwalten': 'Manage second factor',
  'Zweiten Faktor einrichten': 'Set up a second factor',
  'Angemeldete Geräte': 'Logged-in devices',
  'Dieses Gerät': 'This device',
  'Unbekanntes Gerät': 'Unknown device',
  'angemeldet am {loggedInAt} · zuletzt aktiv {lastSeenAt} · {host}': 'logged in on {loggedInAt} · last active {lastSeenAt} · {host}',
  'Alle anderen abmelden': 'Log out all others',
  'Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet.': 'Your password has been changed. All other logins have been ended.',
  'Das bisherige Passwort ist nicht korrekt. Ihr Passwort wurde nicht geändert.': 'The current password is not correct. Your password has not been changed.',
  'Alle anderen Anmeldungen wurden beendet.': 'All other logins have been ended.',
  'Wir haben einen Link an die neue Adresse gesendet. Ihre Adresse wird erst geändert, wenn Sie ihn öffnen und die Änderung bestätigen. Bis dahin melden Sie sich wie bisher an.':
    'We have sent a link to the new address. Your address is only changed once you open it and confirm the change. Until then, log in as before.',
  'Das Passwort ist nicht korrekt. Ihre E-Mail-Adresse wurde nicht geändert.': 'The password is not correct. Your e-mail address has not been changed.',
  'Bitte geben Sie eine gültige neue E-Mail-Adresse ein, z. B. name@beispiel.de.': 'Please enter a valid new e-mail address, e.g. name@example.com.',
  'Das ist bereits Ihre E-Mail-Adresse.': 'This is already your e-mail address.',
  'Vor weniger als einer Minute wurde bereits ein Link verschickt. Bitte warten Sie kurz.': 'A link was sent less than a minute ago. Please wait a moment.',
  'Der zweite Faktor ist ausgeschaltet. Sie melden sich jetzt nur mit Ihrem Passwort an.': 'The second factor is off. You now log in with your password only.',
  'Dieser Link ist abgelaufen. Fordern Sie in „Mein Zugang“ einen neuen an.': 'This link has expired. Please request a new one in “My access”.',
  'Dieser Link gilt nicht mehr: Inzwischen wurde ein neuerer Link verschickt oder die Adresse kann nicht mehr übernommen werden.':
    'This link is no longer valid: a newer link has been sent since, or the address can no longer be taken over.',
  'Die Adresse wurde nicht geändert': 'The address has not been changed',
  'Neue E-Mail-Adresse bestätigen': 'Confirm the new e-mail address',
  'Ab jetzt melden Sie sich mit {email} an.': 'From now on you log in with {email}.',
  'Adresse ändern': 'Change address',
  'E-Mail-Adresse geändert': 'E-mail address changed',
  'Sie melden sich ab jetzt mit {email} an. Ihre bisherige Adresse haben wir darüber informiert.': 'From now on you log in with {email}. We have informed your previous address.',
  'Weiter': 'Continue',
  'Der Code ist nicht korrekt. Bitte geben Sie den Code ein, den die App gerade anzeigt.': 'The code is not correct. Please enter the code the app is showing now.',
  'Passwort oder Code sind nicht korrekt. Es wurde nichts geändert.': 'The password or code is not correct. Nothing was changed.',
  'Ihr Makler verlangt für Mitarbeitende einen zweiten Faktor. Bitte richten Sie ihn jetzt ein; danach können Sie das Portal wie gewohnt nutzen.':
    'Your broker requires a second factor for staff. Please set it up now; afterwards you can use the portal as usual.',
  '← Zurück zu Mein Zugang': '← Back to My access',
  'Oder lassen Sie das Passwort leer und geben Sie einen Code aus der App ein.': 'Or leave the password empty and enter a code from the app.',
  'Code aus der App': 'Code from the app',
  'Mit einem zweiten Faktor genügt Ihr Passwort allein nicht mehr: Bei der Anmeldung geben Sie zusätzlich einen Code aus einer Authenticator-App auf Ihrem Telefon ein (zum Beispiel Google Authenticator, Microsoft Authenticator oder FreeOTP).':
    'With a second factor, your password alone is no longer enough: when you log in, you also enter a code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or FreeOTP).',
  'Der zweite Faktor ist eingerichtet. Unbenutzte Wiederherstellungscodes: {count}.': 'The second factor is set up. Unused recovery codes: {count}.',
  '1. Code scannen': '1. Scan the code',
  'Scannen Sie diesen QR-Code mit Ihrer Authenticator-App.': 'Scan this QR code with your authenticator app.',
  'QR-Code für die Authenticator-App': 'QR code for the authenticator app',
  'Oder geben Sie diesen Schlüssel in der App von Hand ein (zeitbasiert, 6 Stellen, 30 Sekunden):': 'Or enter this key in the app by hand (time-based, 6 digits, 30 seconds):',
  '2. Mit einem Code bestätigen': '2. Confirm with a code',
  'Bestätigen und einschalten': 'Confirm and switch on',
  'Neue Wiederherstellungscodes': 'New recovery codes',
  'Die bisherigen Codes gelten danach nicht mehr.': 'The previous codes will no longer be valid.',
  'Neue Codes erzeugen': 'Create new codes',
  'Zweiten Faktor ausschalten': 'Switch off the second factor',
  'Ausschalten': 'Switch off',
  'Der zweite Faktor ist eingeschaltet.': 'The second factor is switched on.',
  'Sie haben neue Wiederherstellungscodes. Die bisherigen gelten nicht mehr.': 'You have new recovery codes. The previous ones are no longer valid.',
  'Ihre Wiederherstellungscodes': 'Your recovery codes',
  'Wenn Sie Ihr Telefon verlieren, melden Sie sich mit einem dieser Codes an. Jeder Code gilt nur einmal. Bewahren Sie sie sicher auf, zum Beispiel ausgedruckt oder in einem Passwort-Manager. Diese Codes werden nur jetzt angezeigt.':
    'If you lose your phone, log in with one of these codes. Each code works only once. Keep them safe, for example printed or in a password manager. These codes are shown only now.',
  'Weiter zu Mein Zugang': 'Continue to My access',
  '← Zur Verwaltung': '← To the administration',
  'Der zweite Faktor wurde entfernt. Die Person meldet sich jetzt nur mit dem Passwort an und kann in „Mein Zugang“ einen neuen einrichten.':
    'The second factor has been removed. The person now logs in with the password only and can set up a new one in “My access”.',
  'Zweiten Faktor zurücksetzen': 'Reset second factor',
  'Prüfen Sie zuerst, wer anfragt': 'First check who is asking',
  'Entfernen Sie den zweiten Faktor nur, nachdem Sie die Person auf einem anderen Weg sicher erkannt haben, zum Beispiel durch einen Rückruf unter der Telefonnummer aus Ihrem Bestand – nie allein auf eine E-Mail oder einen Anruf hin. Wer den Faktor entfernen lässt, braucht danach nur noch das Passwort.':
    'Remove the second factor only after you have reliably identified the person another way, for example by calling back the phone number in your records – never on the strength of an e-mail or a call alone. Whoever has the factor removed needs only the password afterwards.',
  'Identität geprüft: zweiten Faktor entfernen': 'Identity checked: remove second factor',
  'Diese Person hat keinen zweiten Faktor eingerichtet.': 'This person has not set up a second factor.',
  'Wiederherstellungscodes': 'Recovery codes',

  // Workspace
} as const satisfies Record<string, string>;
