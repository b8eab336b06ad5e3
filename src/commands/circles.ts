import type { Deps } from '../deps.js';
import { openCircleForm, openCurriculumForm } from '../services/circleAdmin.js';
import { previewCircles } from '../services/circleFormation.js';
import { timeChoices } from '../services/circleTimes.js';
import { circleListings } from '../services/circles.js';
import { programsCoordinatedBy } from '../services/programs.js';
import { channelLink } from '../views/blocks.js';
import { buildCircleList } from '../views/circleMessages.js';
import { noCircles } from '../views/programWords.js';
import { coordinatedProgram } from './coordinatedProgram.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** `/mentor circles`: the open circles in the person's programs, with Join and Leave. */
export const circles =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const [verb = '', id = ''] = args.params;
    // `/mentor circles time <number>`: the weekly times that fit everyone, for whoever may move the circle.
    if (verb.toLowerCase() === 'time') {
      if (!/^\d+$/.test(id)) return replyPrivately(args, 'Say which of your circles: `/mentor circles time <number>`, the number in the message about it.');
      return replyPrivately(args, await timeChoices(deps, args.command.user_id, Number(id)));
    }
    await replyPrivately(args, buildCircleList(await circleListings(deps, args.command.user_id, deps.clock())));
  };

const CIRCLE_USAGE = '`/mentor circle form [program]` forms circles from everyone who asked for one; `/mentor circle new [program]` opens one by hand; `/mentor circle topics <number>` edits a circle’s session topics.';

/** Coordinators (the router checks): `/mentor circle form [program]` previews the engine's circles in the program's channel. */
export const circle =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const [verb = '', ...rest] = args.params;
    const action = verb.toLowerCase();
    if (action === 'topics') {
      const id = Number(rest[0]);
      if (!Number.isInteger(id) || id <= 0) return replyPrivately(args, 'Say which circle: `/mentor circle topics <number>`.');
      await args.ack();
      const opened = await openCurriculumForm(deps, args.client, args.command.trigger_id, args.command.user_id, id);
      if (!opened.ok) await args.respond({ response_type: 'ephemeral', text: opened.message });
      return;
    }
    if (action !== 'form' && action !== 'new') return replyPrivately(args, CIRCLE_USAGE);
    // Without a name, the one program they coordinate that runs circles, if there is just one.
    const withCircles = (await programsCoordinatedBy(deps, args.command.user_id)).filter((p) => p.circleSettings && p.status === 'active');
    const name = rest.join(' ') || (withCircles.length === 1 ? (withCircles[0]?.name ?? '') : '');
    const program = await coordinatedProgram(deps, args, `/mentor circle ${action}`, name);
    if (!program) return;
    if (!program.circleSettings) return replyPrivately(args, noCircles(program));
    if (action === 'new') {
      await args.ack();
      return openCircleForm(deps, args.client, args.command.trigger_id, program);
    }
    await replyPrivately(args, program.channel ? `Forming circles; the preview will appear in ${channelLink(program.channel)}.` : 'Forming circles…');
    const outcome = await previewCircles(deps, args.client, args.command.user_id, program);
    if (!outcome.ok) await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
