// A survey's questions as form controls, one fieldset per question: used to answer a survey and
// to preview one while it is written. Every control is a native input, so keyboard and screen
// reader use come with the browser.
import type { SurveyAnswerInput, SurveyQuestionFieldsFragment } from "@accord/client";
import { SURVEY_LIMITS } from "@accord/domain";
import { h, humanize, uid } from "../dom.ts";

export type Question = Pick<
  SurveyQuestionFieldsFragment,
  "id" | "kind" | "prompt" | "required" | "scale" | "labels" | "min" | "max" | "diplomacyTypes"
>;

export interface GivenAnswer {
  questionId: string;
  value?: number | null;
  choices: readonly number[];
  text?: string | null;
}

export interface QuestionProblem {
  questionId: string;
  message: string;
}

export interface SurveyForm {
  element: HTMLElement;
  /** The answers as the API takes them; unanswered questions are left out. */
  answers(): SurveyAnswerInput[];
  /** Show each problem beside its question and move focus to the first. */
  showProblems(problems: readonly QuestionProblem[]): void;
  clearProblems(): void;
}

interface QuestionView {
  question: Question;
  element: HTMLFieldSetElement;
  error: HTMLElement;
  answer(): SurveyAnswerInput | null;
}

function radios(
  name: string,
  options: { value: number; label: string }[],
  checked: number | undefined,
): HTMLElement {
  return h(
    "div",
    { class: "survey-options" },
    options.map((option) => {
      const id = uid(name);
      return h(
        "span",
        { class: "choice" },
        h("input", {
          type: "radio",
          id,
          name,
          value: option.value,
          checked: option.value === checked,
        }),
        h("label", { for: id }, option.label),
      );
    }),
  );
}

function checkedNumbers(scope: Element, name: string): number[] {
  return [...scope.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (input) => Number(input.value),
  );
}

/** What every kind of question's controls are drawn from. */
interface ControlSource {
  question: Question;
  /** The input name shared by the question's controls. */
  name: string;
  given: GivenAnswer | undefined;
}

/** The controls of one question and how to read its answer back. */
interface Controls {
  controls: HTMLElement;
  read(scope: Element): Omit<SurveyAnswerInput, "questionId"> | null;
}

function readChoices(name: string): Controls["read"] {
  return (scope) => {
    const choices = checkedNumbers(scope, name);
    return choices.length === 0 ? null : { choices };
  };
}

function likertControls({ question, name, given }: ControlSource): Controls {
  return {
    controls: radios(
      name,
      question.labels.map((label, index) => ({ value: index + 1, label })),
      given?.value ?? undefined,
    ),
    read: (scope) => {
      const [value] = checkedNumbers(scope, name);
      return value === undefined ? null : { value };
    },
  };
}

function singleChoiceControls({ question, name, given }: ControlSource): Controls {
  return {
    controls: radios(
      name,
      question.labels.map((label, index) => ({ value: index, label })),
      given?.choices[0],
    ),
    read: readChoices(name),
  };
}

function multipleChoiceControls({ question, name, given }: ControlSource): Controls {
  return {
    controls: h(
      "div",
      { class: "survey-options" },
      question.labels.map((label, index) => {
        const id = uid(name);
        return h(
          "span",
          { class: "choice" },
          h("input", {
            type: "checkbox",
            id,
            name,
            value: index,
            checked: given?.choices.includes(index) ?? false,
          }),
          h("label", { for: id }, label),
        );
      }),
    ),
    read: readChoices(name),
  };
}

function rankingControls({ question, name, given }: ControlSource): Controls {
  // One "rank" select per option: typing or arrowing through a select works everywhere,
  // which dragging does not.
  const positions = question.labels.map((_, index) => given?.choices.indexOf(index) ?? -1);
  return {
    controls: h(
      "ol",
      { class: "survey-ranking" },
      question.labels.map((label, index) => {
        const select = h(
          "select",
          { name, "data-option": index },
          h("option", { value: "" }, "Not ranked"),
          question.labels.map((_, rank) =>
            h("option", { value: rank + 1, selected: positions[index] === rank }, `${rank + 1}`),
          ),
        );
        select.id = uid(name);
        return h("li", {}, h("label", { for: select.id }, `Rank of “${label}”`), select);
      }),
    ),
    read: (scope) => {
      const ranked = [...scope.querySelectorAll<HTMLSelectElement>(`select[name="${name}"]`)]
        .filter((select) => select.value !== "")
        .map((select) => ({
          option: Number(select.dataset.option),
          rank: Number(select.value),
        }))
        .sort((a, b) => a.rank - b.rank);
      return ranked.length === 0 ? null : { choices: ranked.map((entry) => entry.option) };
    },
  };
}

function numberControls({ question, name, given }: ControlSource): Controls {
  const input = h("input", {
    type: "number",
    name,
    step: "any",
    inputmode: "decimal",
    min: question.min ?? null,
    max: question.max ?? null,
    value: given?.value ?? null,
  });
  const range =
    question.min !== null && question.min !== undefined
      ? question.max !== null && question.max !== undefined
        ? `From ${question.min} to ${question.max}.`
        : `At least ${question.min}.`
      : question.max !== null && question.max !== undefined
        ? `At most ${question.max}.`
        : null;
  input.id = uid(name);
  return {
    controls: h(
      "div",
      { class: "field" },
      h("label", { for: input.id }, "Your answer"),
      input,
      range ? h("span", { class: "hint" }, range) : null,
    ),
    read: () => (input.value.trim() === "" ? null : { value: Number(input.value) }),
  };
}

function textControls({ name, given }: ControlSource): Controls {
  const area = h("textarea", { name, rows: 4, maxlength: SURVEY_LIMITS.textAnswer.max });
  area.value = given?.text ?? "";
  area.id = uid(name);
  return {
    controls: h("div", { class: "field" }, h("label", { for: area.id }, "Your answer"), area),
    read: () => (area.value.trim() === "" ? null : { text: area.value }),
  };
}

const controlsByKind: Record<Question["kind"], (source: ControlSource) => Controls> = {
  LIKERT: likertControls,
  SINGLE_CHOICE: singleChoiceControls,
  MULTIPLE_CHOICE: multipleChoiceControls,
  RANKING: rankingControls,
  NUMBER: numberControls,
  TEXT: textControls,
};

function questionControls(
  question: Question,
  name: string,
  given: GivenAnswer | undefined,
): Controls {
  return controlsByKind[question.kind]({ question, name, given });
}

function questionView(
  question: Question,
  position: number,
  given: GivenAnswer | undefined,
): QuestionView {
  const name = uid(`q-${question.id}`);
  const error = h("p", { class: "error question-error", id: `${name}-error`, hidden: true });
  const { controls, read } = questionControls(question, name, given);
  const element = h(
    "fieldset",
    { class: "survey-question", "data-question": question.id, "aria-describedby": error.id },
    h(
      "legend",
      {},
      `${position}. ${question.prompt}`,
      question.required ? h("span", { class: "required" }, " (required)") : null,
    ),
    question.diplomacyTypes.length > 0
      ? h(
          "p",
          { class: "tags" },
          question.diplomacyTypes.map((type) => h("span", { class: "tag" }, humanize(type))),
        )
      : null,
    controls,
    error,
  );
  return {
    question,
    element,
    error,
    answer() {
      const answer = read(element);
      return answer ? { questionId: question.id, ...answer } : null;
    },
  };
}

export function surveyForm(
  questions: readonly Question[],
  given: readonly GivenAnswer[] = [],
): SurveyForm {
  const views = questions.map((question, index) =>
    questionView(
      question,
      index + 1,
      given.find((answer) => answer.questionId === question.id),
    ),
  );
  const clearProblems = () => {
    for (const view of views) {
      view.error.hidden = true;
      view.error.textContent = "";
      view.element.classList.remove("invalid");
    }
  };
  return {
    element: h(
      "div",
      { class: "survey-questions" },
      views.map((view) => view.element),
    ),
    answers: () => views.map((view) => view.answer()).filter((answer) => answer !== null),
    clearProblems,
    showProblems(problems) {
      clearProblems();
      let first: QuestionView | undefined;
      for (const problem of problems) {
        const view = views.find((candidate) => candidate.question.id === problem.questionId);
        if (!view) continue;
        view.error.hidden = false;
        view.error.textContent = problem.message;
        view.element.classList.add("invalid");
        first ??= view;
      }
      first?.element.querySelector<HTMLElement>("input, select, textarea")?.focus();
    },
  };
}
