import pino, { type DestinationStream, type Logger } from 'pino';

/** JSON logs; anything that looks like a secret is removed before it is written. */
export function createLogger(options: { level: string; destination?: 1 | 2 | DestinationStream }): Logger {
  const destination = options.destination ?? 1;
  return pino(
    {
      level: options.level,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'ticket',
          'code',
          'req.headers.cookie',
          'headers.cookie',
          'headers.authorization',
        ],
        remove: true,
      },
    },
    typeof destination === 'number' ? pino.destination(destination) : destination,
  );
}
