/**
 * Counts down the cooldown of a disabled "erneut senden" button and enables it when the time is up.
 * The server drew the button disabled with the waiting time; it refuses an early resend anyway.
 */
const note = document.getElementById('resend-cooldown');
const button = document.querySelector<HTMLButtonElement>('button[data-resend-button]');

function textFor(element: HTMLElement, seconds: number): string {
  const { textSeconds = '', textSecond = '', textMinutes = '' } = element.dataset;
  if (seconds > 90) return textMinutes.replace('{count}', String(Math.ceil(seconds / 60)));
  return seconds === 1 ? textSecond : textSeconds.replace('{count}', String(seconds));
}

if (note !== null && button !== null) {
  const endsAt = Date.now() + Number(note.dataset['retryAfter'] ?? '0') * 1000;
  const timer = setInterval(() => {
    const seconds = Math.ceil((endsAt - Date.now()) / 1000);
    if (seconds > 0) {
      note.textContent = textFor(note, seconds);
      return;
    }
    clearInterval(timer);
    note.textContent = note.dataset['textReady'] ?? '';
    button.disabled = false;
  }, 1000);
}
