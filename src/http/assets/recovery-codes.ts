/**
 * The "Drucken" button of the recovery codes: shown only when this script runs, since printing from
 * a button needs script; without it the browser's own print command uses the same print stylesheet.
 */
const button = document.getElementById('print-recovery-codes');
if (button instanceof HTMLButtonElement) {
  button.addEventListener('click', () => window.print());
  button.hidden = false;
}
