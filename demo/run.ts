import { CAST, COORDINATOR_CHANNEL } from '../emulator/cast.js';
import { startLocalStack } from './stack.js';
import { Transcript } from './transcript.js';

/**
 * `npm run demo`: the bot, working, with no Slack workspace at hand. The
 * emulator and the app run on loopback with a fresh SQLite file, and a short
 * scripted program plays out. Each feature adds its scene here.
 */
async function main(): Promise<void> {
  const stack = await startLocalStack();
  const names = Object.fromEntries(Object.values(CAST).map((u) => [u.id, `${u.realName} (${u.tz})`]));
  const transcript = new Transcript(stack.emulator, names);
  const { emulator } = stack;
  try {
    transcript.heading('Setting up');
    transcript.note(`Slack emulator: ${emulator.apiUrl}`);
    transcript.note(`App: ${emulator.appUrl}, signed requests verified by Bolt's HTTP receiver`);
    transcript.note(`Database: ${stack.config.databasePath} (migrations applied)`);
    transcript.note(`Coordinators: ${names[CAST.grace.id]} in #${COORDINATOR_CHANNEL.name}`);

    transcript.heading('Everyone asks what the bot can do');
    for (const person of [CAST.aiko, CAST.bruno, CAST.emma]) {
      transcript.action(person.id, 'runs /mentor help');
      await emulator.user(person.id).slash('/mentor help');
    }
    transcript.action(CAST.dev.id, 'mistypes: /mentor find-me-a-mentor');
    await emulator.user(CAST.dev.id).slash('/mentor find-me-a-mentor');

    transcript.heading('The App Home');
    transcript.action(CAST.chloe.id, 'opens the app’s Home tab');
    await emulator.user(CAST.chloe.id).openHome();
    await stack.settle();

    const failed = emulator.calls.filter((c) => !c.ok);
    transcript.heading('Done');
    transcript.note(`${emulator.calls.length} Web API calls, ${failed.length} failed`);
    if (failed.length > 0) throw new Error(`unexpected failed calls: ${failed.map((c) => `${c.method}: ${c.error}`).join(', ')}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error('demo failed:', error);
  process.exit(1);
});
