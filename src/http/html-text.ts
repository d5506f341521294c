import { escapeToBuffer } from 'hono/utils/html';

/** Text or an attribute's value as HTML, escaped exactly as Hono's JSX escapes them. */
export function escapedHtml(text: string): string {
  const buffer: [string] = [''];
  escapeToBuffer(text, buffer);
  return buffer[0];
}
