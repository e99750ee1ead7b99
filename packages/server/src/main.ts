// `npm start`: the inbox on http://localhost:3000 with the embedded database and the demo networks.
import { loadConfig } from './config.ts';
import { startInbox } from './inbox.ts';

const config = loadConfig();
const progress = (m: string) => process.stdout.write(`[inbox] ${m}\n`);
if (!config.MONGODB_URI) progress('Starting the embedded database (FerretDB)...');

const inbox = await startInbox(config, { progress }).catch((err: unknown) => {
  process.stderr.write(`[inbox] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
const admin = inbox.firstAdmin;
if (admin.password) {
  progress(`First run: sign in as ${admin.email} with the one-time password ${admin.password} (you will choose your own at first sign-in)`);
  progress('  (shown only now; only its hash is stored. Create other users under Admin > Users.)');
} else if (admin.created) {
  progress(`First run: created the admin ${admin.email} with the password from INBOX_ADMIN_PASSWORD`);
} else {
  progress(`Sign in as ${admin.email}. Lost the password? Stop the inbox and run: npm run reset-admin`);
}
progress(`Inbox is running on ${inbox.url}  (Ctrl-C to stop)`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    progress('Stopping...');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void inbox.stop().then(() => process.exit(0));
  });
}
