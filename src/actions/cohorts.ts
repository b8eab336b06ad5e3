import type { Deps } from '../deps.js';
import type { PulseAnswer } from '../domain/programs.js';
import { answerContinue, answerPulse, selfRatingForm, surveyForm, volunteerToMentor } from '../services/cohorts.js';
import { buildSurveyModal, CONTINUE_ACTIONS, PULSE_ACTIONS, zContinueValue, zEnrollmentValue } from '../views/cohortMessages.js';
import { buildSelfRatingModal } from '../views/selfRatingModal.js';
import { type Answer, onButton } from './reply.js';

/*
 * A cohort's buttons: Rate yourself and Take the survey open their forms;
 * the pulse, "keep going after the cohort?" and "mentor next time" are
 * answered at once, the question giving way to its answer.
 */

const answerOf = (outcome: { ok: boolean; message: string }): Answer => ({ text: outcome.message, replace: outcome.ok });

export const rateYourself = (deps: Deps) =>
  onButton(deps, zEnrollmentValue, async (args, enrollmentId) => {
    const form = await selfRatingForm(deps, args.body.user.id, enrollmentId);
    if (!form.ok) return { text: form.message };
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildSelfRatingModal(form.modal) });
  });

export const pulseAnswer = (deps: Deps) =>
  onButton(deps, zEnrollmentValue, async (args, enrollmentId) => {
    const answer = (Object.keys(PULSE_ACTIONS) as PulseAnswer[]).find((k) => PULSE_ACTIONS[k] === args.action.action_id) as PulseAnswer;
    return answerOf(await answerPulse(deps, args.client, args.body.user.id, enrollmentId, answer));
  });

export const continueAnswer = (deps: Deps) =>
  onButton(deps, zContinueValue, async (args, matchId) => answerOf(await answerContinue(deps, args.body.user.id, matchId, args.action.action_id === CONTINUE_ACTIONS.yes)));

export const openSurvey = (deps: Deps) =>
  onButton(deps, zEnrollmentValue, async (args, enrollmentId) => {
    const form = await surveyForm(deps, args.body.user.id, enrollmentId);
    if (!form.ok) return { text: form.message };
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildSurveyModal(form.modal) });
  });

export const mentorNextCohort = (deps: Deps) => onButton(deps, zEnrollmentValue, async (args, enrollmentId) => answerOf(await volunteerToMentor(deps, args.body.user.id, enrollmentId)));
