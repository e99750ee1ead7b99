// Sets a new password for a user (by default the first admin) and prints it. Stop the inbox first:
//   npm run reset-admin [-- email]
// INBOX_ADMIN_PASSWORD, when set, is used instead of a generated password.
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { User } from '../src/models/user.ts';
import { DEMO_ADMIN_EMAIL, resetPassword } from '../src/auth/bootstrap.ts';
import { generatePassword } from '../src/auth/passwords.ts';

const config = loadConfig();
const db = await openDatabase({ ...(config.MONGODB_URI ? { mongoUri: config.MONGODB_URI } : {}), dataDir: config.INBOX_DATA_DIR });
try {
  const firstAdmin = await User.findOne({ role: 'admin' }).sort({ createdAt: 1 }).lean();
  const email = process.argv[2] ?? firstAdmin?.email ?? config.INBOX_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL;
  const password = config.INBOX_ADMIN_PASSWORD ?? generatePassword();
  if (!(await resetPassword(email, password, { oneTime: !config.INBOX_ADMIN_PASSWORD }))) {
    process.stderr.write(`reset-admin: no user ${email}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`reset-admin: sign in as ${email} with ${config.INBOX_ADMIN_PASSWORD ? 'the password from INBOX_ADMIN_PASSWORD' : `the one-time password ${password} (you will be asked to choose your own)`}; every session of ${email} has ended\n`);
  }
} finally {
  await db.close();
}
