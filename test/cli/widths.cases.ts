/**
 * The commands the width tests run (test/cli/widths.test.ts): one table
 * report per reporting command, each with small inputs, and the name of its
 * golden output (test/fixtures/widths/NAME.txt, the output to a pipe as it
 * was before tables fitted the terminal: captured with the code of commit
 * c3930d9, score-events with that commit's bundle).
 */
export const VOTE = "test/sensitivity/fixtures/vote.yaml";
export const VOTE_U = "test/sensitivity/fixtures/vote-uncertain.yaml";

export const CASES: readonly (readonly [string, readonly string[]])[] = [
  ["tornado", ["tornado", VOTE]],
  ["tornado-korea", ["tornado"]],
  ["sweep-1", ["sweep", "p_pass=0..0.5", "--scenario", VOTE, "--steps", "3"]],
  ["sweep-korea", ["sweep", "p_filibuster=0..0.3", "--steps", "3"]],
  ["sweep-2", ["sweep", "p_pass=0.2..0.4", "h_threat=0..0.1", "--scenario", VOTE, "--steps", "3"]],
  ["sensitivity", ["sensitivity", VOTE_U, "--samples", "64", "--bootstrap", "50"]],
  ["uncertainty", ["uncertainty", VOTE_U, "--samples", "64"]],
  ["params", ["params"]],
  ["params-set", ["params", "--set", "p_filibuster=0.3", "--params", "scenarios/overlays/court-upholds.yaml"]],
  ["compare", ["compare", "--a-set", "p_filibuster=0.1", "--b-set", "p_filibuster=0.4"]],
  ["compare-mc", ["compare", "--a-set", "p_filibuster=0.1", "--b-set", "p_filibuster=0.4", "--method", "mc", "--runs", "2000"]],
  ["score", ["score", "--resolutions", "scenarios/resolutions/korea-2026-02-03.yaml", "--base-rate", "0.3"]],
  ["score-events", ["score", "--resolutions", "scenarios/resolutions/ILLUSTRATIVE-korea-later.yaml", "--base-rate", "0.3"]],
  ["check", ["check", "--runs", "5"]],
  ["sources", ["sources"]],
  ["conditioned", ["run", "--evidence", "scenarios/evidence/korea-2026-02-03.yaml", "--method", "both", "--runs", "2000"]],
];
