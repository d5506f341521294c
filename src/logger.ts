import pino, { type Logger } from 'pino';

/** JSON logs; anything that looks like a secret is removed before it is written. */
export function createLogger(options: { level: string; destination?: 1 | 2 }): Logger {
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'ticket', 'code', 'req.headers.cookie', 'headers.cookie', 'headers.authorization'],
        remove: true,
      },
    },
    pino.destination(options.destination ?? 1),
  );
}
