for (const m of ['zod','pino','hono','@hono/node-server','drizzle-orm','drizzle-orm/pglite','drizzle-orm/node-postgres','pg','nodemailer','@node-rs/argon2','commander','../dist/db/schema.js','../dist/modules/password-policy/password-policy.js','../dist/services.js','../dist/runtime.js','../dist/http/app.js','../dist/server.js','../dist/cli/index.js']) {
  const t = performance.now(); await import(m); console.log(m.padEnd(50), ((performance.now() - t)|0), 'ms');
}
