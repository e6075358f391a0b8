// Sizes of the survey results bench (survey-results.ts).
export const SURVEY_BENCH = {
  seed: 17,
  responses: 10_000,
  /** Timed surveyResults requests per store, after `warmup` untimed ones. */
  iterations: 20,
  warmup: 3,
  /** The budget for results of 10,000 responses on the local server. */
  budgetMs: 200,
} as const;
