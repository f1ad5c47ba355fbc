/**
 * Logs the signals userbot in once and prints its session string.
 *
 *   npm run -s userbot:login
 *
 * Asks for the app's API id and hash (or reads TELEGRAM_API_ID / TELEGRAM_API_HASH), the phone
 * number, the login code Telegram sends, and the two-step password when the account has one.
 * The session string goes to stdout only, on its own line: put it in TELEGRAM_SESSION. It is
 * a full login to the account — keep it secret; it is never logged. Prompts go to stderr.
 */
import { createInterface } from "node:readline/promises";
import { TelegramClient } from "telegram";
import { LogLevel } from "telegram/extensions/Logger.js";
import { StringSession } from "telegram/sessions/index.js";

async function main(): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const ask = async (q: string): Promise<string> => (await rl.question(q)).trim();
  try {
    const apiId = Number(process.env.TELEGRAM_API_ID ?? (await ask("API id (my.telegram.org): ")));
    const apiHash = process.env.TELEGRAM_API_HASH ?? (await ask("API hash: "));
    if (!Number.isInteger(apiId) || apiId <= 0 || !/^[0-9a-f]{32}$/.test(apiHash)) {
      process.stderr.write("userbot:login: the API id is a number and the API hash 32 hex characters (my.telegram.org → API development tools)\n");
      return 2;
    }
    const session = new StringSession("");
    const client = new TelegramClient(session, apiId, apiHash, { connectionRetries: 5 });
    client.setLogLevel(LogLevel.ERROR);
    await client.start({
      phoneNumber: () => ask("Phone number (international format): "),
      phoneCode: () => ask("Login code from Telegram: "),
      password: () => ask("Two-step verification password (empty if none): "),
      onError: (err) => {
        process.stderr.write(`userbot:login: ${err.message}\n`);
      },
    });
    const me = await client.getMe();
    process.stderr.write(`Logged in as ${me.username ? `@${me.username}` : me.id.toString()}. Put the next line in TELEGRAM_SESSION:\n`);
    process.stdout.write(`${session.save()}\n`);
    await client.disconnect();
    return 0;
  } finally {
    rl.close();
  }
}

process.exitCode = await main();
