// Perception surveys: the list of those a member may see, and one survey's page, where its
// owners open, close or archive it and its audience answers it.
import {
  ArchiveSurveyDocument,
  CloseSurveyDocument,
  OpenSurveyDocument,
  RespondToSurveyDocument,
  type SurveyDetailFragment,
  SurveyDocument,
  type SurveySummaryFragment,
  SurveysDocument,
} from "@accord/client";
import { ApiError, errorMessage } from "../api.ts";
import type { AppContext, Page } from "../context.ts";
import { announce, formatDate, h, humanize, messageArea } from "../dom.ts";
import { plural, showList } from "../text.ts";
import { surveyForm } from "./form.ts";
import "./surveys.css";

// Surveys are few; one page of them covers any platform this serves.
const PAGE_SIZE = 50;

export const surveyPath = (id: string, rest = "") => `/surveys/${encodeURIComponent(id)}${rest}`;

function statusBadge(status: string): HTMLElement {
  return h("span", { class: `status status-${status.toLowerCase()}` }, humanize(status));
}

function timing(survey: SurveySummaryFragment): string {
  const parts: string[] = [];
  if (survey.opensAt) parts.push(`opens ${formatDate(survey.opensAt)}`);
  if (survey.closesAt) parts.push(`closes ${formatDate(survey.closesAt)}`);
  return parts.join(" · ");
}

function surveyItem(survey: SurveySummaryFragment): HTMLElement {
  const meta = [
    survey.workingGroup ? survey.workingGroup.name : "Platform survey",
    humanize(survey.audience),
    timing(survey),
    survey.responseCount !== null && survey.responseCount !== undefined
      ? plural(survey.responseCount, "response")
      : "",
  ].filter((part) => part !== "");
  return h(
    "li",
    { class: "paper-item" },
    h("a", { href: surveyPath(survey.id) }, survey.title),
    statusBadge(survey.status),
    h("p", { class: "meta" }, meta.join(" · ")),
    survey.permissions.viewResults
      ? h("a", { href: surveyPath(survey.id, "/results") }, `Results of “${survey.title}”`)
      : null,
  );
}

export const surveysPage: Page = async (context, main) => {
  const messages = messageArea();
  const list = h("ul", { class: "paper-list" });
  const viewer = await context.viewer();
  main.replaceChildren(
    h(
      "section",
      {},
      h("h1", {}, "Surveys"),
      h(
        "p",
        {},
        "How the platform's communities see science and technology diplomacy: answer the surveys you are asked, and read their results once they close.",
      ),
      viewer?.platformRole === "COORDINATOR" ||
        (viewer?.workingGroups ?? []).some((membership) => membership.role === "CONVENER")
        ? h("p", {}, h("a", { href: "/surveys/new", class: "button-link" }, "New survey"))
        : null,
      messages.element,
      list,
    ),
  );
  try {
    const result = await context.api.request(SurveysDocument, { first: PAGE_SIZE });
    const surveys = result.surveys.edges.map((edge) => edge.node);
    showList(list, surveys.map(surveyItem), "No surveys yet.");
  } catch (error) {
    messages.error(errorMessage(error));
  }
  return undefined;
};

function lifecycleButtons(
  context: AppContext,
  survey: SurveyDetailFragment,
  messages: ReturnType<typeof messageArea>,
  redraw: () => void,
): HTMLElement {
  const action = (
    label: string,
    allowed: boolean,
    run: () => Promise<unknown>,
    done: string,
  ): HTMLButtonElement | null => {
    if (!allowed) return null;
    const button = h("button", { type: "button" }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await run();
        announce(done);
        redraw();
      } catch (error) {
        messages.error(errorMessage(error));
        button.disabled = false;
      }
    });
    return button;
  };
  const { permissions } = survey;
  return h(
    "div",
    { class: "button-row" },
    permissions.edit
      ? h("a", { href: surveyPath(survey.id, "/edit"), class: "button-link" }, "Edit")
      : null,
    action(
      "Open survey",
      permissions.open,
      () => context.api.request(OpenSurveyDocument, { id: survey.id }),
      "The survey is open.",
    ),
    action(
      "Close survey",
      permissions.close,
      () => context.api.request(CloseSurveyDocument, { id: survey.id }),
      "The survey is closed.",
    ),
    action(
      "Archive survey",
      permissions.archive,
      () => context.api.request(ArchiveSurveyDocument, { id: survey.id }),
      "The survey is archived.",
    ),
    permissions.viewResults
      ? h("a", { href: surveyPath(survey.id, "/results"), class: "button-link" }, "Results")
      : null,
  );
}

function answerForm(context: AppContext, survey: SurveyDetailFragment): HTMLElement {
  const form = surveyForm(survey.questions, survey.myResponse?.answers ?? []);
  const messages = messageArea();
  const submit = h(
    "button",
    { type: "submit", class: "primary" },
    survey.myResponse ? "Update my answers" : "Send my answers",
  );
  const element = h(
    "form",
    { class: "survey-answer", novalidate: true, "aria-labelledby": "answer-title" },
    h("h2", { id: "answer-title" }, survey.myResponse ? "Your answers" : "Answer this survey"),
    survey.anonymous
      ? h(
          "p",
          { class: "hint" },
          "Anonymous: your answers are stored under a pseudonym, never with your name.",
        )
      : null,
    form.element,
    messages.element,
    h("div", { class: "button-row" }, submit),
  );
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    messages.clear();
    form.clearProblems();
    try {
      const result = await context.api.request(RespondToSurveyDocument, {
        surveyId: survey.id,
        answers: form.answers(),
      });
      submit.textContent = "Update my answers";
      messages.info(
        `Thank you: your answers were saved ${formatDate(result.respondToSurvey.updatedAt)}. You can change them while the survey is open.`,
      );
    } catch (error) {
      if (error instanceof ApiError && error.problems.length > 0) {
        messages.error(
          error.problems.length === 1
            ? "One answer needs attention; see the question marked below."
            : `${error.problems.length} answers need attention; see the questions marked below.`,
        );
        form.showProblems(error.problems);
      } else {
        messages.error(errorMessage(error));
      }
    } finally {
      submit.disabled = false;
    }
  });
  return element;
}

/** A draft's questions as respondents will see them, not answerable yet. */
function draftPreview(survey: SurveyDetailFragment): HTMLElement {
  const form = surveyForm(survey.questions);
  return h(
    "section",
    { class: "survey-preview", "aria-labelledby": "draft-preview-title" },
    h("h2", { id: "draft-preview-title" }, "Preview"),
    h("p", { class: "hint" }, "A draft: open the survey to let its audience answer."),
    h(
      "fieldset",
      { disabled: true, class: "preview-questions" },
      h("legend", { class: "visually-hidden" }, "Questions"),
      form.element,
    ),
  );
}

export const surveyPage: Page = async (context, main, params) => {
  const id = params.id ?? "";
  const draw = async () => {
    const messages = messageArea();
    let survey: SurveyDetailFragment;
    try {
      survey = (await context.api.request(SurveyDocument, { id })).survey;
    } catch (error) {
      main.replaceChildren(
        h(
          "section",
          { class: "narrow" },
          h("h1", {}, "Survey unavailable"),
          h("p", { role: "alert" }, errorMessage(error)),
          h("a", { href: "/surveys" }, "All surveys"),
        ),
      );
      return;
    }
    main.replaceChildren(
      h(
        "section",
        { class: "survey-page narrow" },
        h("p", {}, h("a", { href: "/surveys" }, "All surveys")),
        h("h1", {}, survey.title),
        h(
          "p",
          { class: "meta" },
          statusBadge(survey.status),
          " ",
          [survey.workingGroup?.name ?? "Platform survey", timing(survey)]
            .filter((part) => part !== "")
            .join(" · "),
          survey.responseCount !== null && survey.responseCount !== undefined
            ? ` · ${plural(survey.responseCount, "response")}`
            : "",
        ),
        survey.introduction ? h("p", { class: "survey-introduction" }, survey.introduction) : null,
        lifecycleButtons(context, survey, messages, () => void draw()),
        messages.element,
        survey.permissions.respond
          ? answerForm(context, survey)
          : survey.status === "OPEN"
            ? h("p", { class: "meta" }, "This survey asks other members.")
            : null,
        survey.status === "DRAFT" ? draftPreview(survey) : null,
      ),
    );
  };
  await draw();
  return undefined;
};
