import Bowser from 'bowser';

/**
 * What a person recognises a signed-in device by: the browser and the system, as "Safari" and "iPhone" or "Firefox"
 * and "Windows", read from the browser's User-Agent header. Null when neither can be told; a part that cannot be told
 * is left out.
 */
export function deviceOf(userAgent: string | null): { browser: string | null; system: string | null } | null {
  if (userAgent === null || userAgent.trim() === '') {
    return null;
  }
  const { browser, os, platform } = Bowser.parse(userAgent);
  // Apple's phones and tablets by their name, as their owners call them; other systems by the system's name.
  const system = (platform.vendor === 'Apple' && platform.model) || os.name || null;
  const name = browser.name || null;
  return name === null && system === null ? null : { browser: name, system };
}
