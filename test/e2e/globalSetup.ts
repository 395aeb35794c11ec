/** Fails the whole suite at once, with the fix, when chromium or the built console is missing. */
import { chromiumPath, consoleBuildProblem } from './helpers/browser.js';

export default function setup(): void {
  const problem = consoleBuildProblem() ?? chromiumPath().problem;
  if (problem !== null) throw new Error(problem);
}
