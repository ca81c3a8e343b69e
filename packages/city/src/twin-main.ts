// `pnpm twin <command> …`: administration of a City Twin deployment. Works on DATABASE_URL, or
// without it on the embedded city's database (CITY_DATA_DIR, default .data).
import { openCliDatabase } from './cli/cli-database.ts';
import {
  screensCommand,
  screensUsage,
  UsageError,
  usersCommand,
  usersUsage,
  type CliOutput,
} from './cli/access-commands.ts';
import { mqttUsage, runMqttCommand } from './cli/mqtt-command.ts';
import { retentionCommand, retentionUsage } from './cli/retention-command.ts';

const usage = `usage:
${usersUsage}
${screensUsage}
${mqttUsage}
${retentionUsage}`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(usage);
    return command ? 0 : 2;
  }
  // MQTT identities live in the broker's files, not in the database.
  if (command === 'mqtt') return runMqttCommand(rest);
  const commands: Record<string, (db: Parameters<typeof usersCommand>[0]) => Promise<void>> = {
    users: (db) => usersCommand(db, rest, io),
    screens: (db) => screensCommand(db, rest, io),
    retention: (db) => retentionCommand(db, rest, io),
  };
  const run = commands[command];
  if (!run) {
    io.err(`twin: unknown command ${command}\n${usage}`);
    return 2;
  }
  const { db, close } = await openCliDatabase();
  try {
    await run(db);
    return 0;
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      io.err(`twin: ${error.message}\n${usage}`);
      process.exit(2);
    }
    const code = (error as { code?: unknown }).code;
    io.err(`twin: ${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message}`);
    process.exit(1);
  },
);
