// Writing a survey: its title, introduction, audience and times, and its questions of each kind
// with their tags; a preview shows the questions as respondents will see them. Once the survey
// is OPEN its questions are fixed, so only the fields the API still accepts are offered.
import {
  type Community,
  CreateSurveyDocument,
  type DiplomacyType,
  type QuestionKind,
  type SurveyAudience,
  type SurveyDetailFragment,
  SurveyDocument,
  type SurveyInput,
  type SurveyQuestionInput,
  type SurveyResultsVisibility,
  UpdateSurveyDocument,
  WebTopicsDocument,
} from "@accord/client";
import {
  COMMUNITIES,
  DEFAULT_LIKERT_LABELS,
  DIPLOMACY_TYPES,
  QUESTION_KINDS,
  SURVEY_AUDIENCES,
  SURVEY_LIMITS,
  SURVEY_RESULTS_VISIBILITIES,
} from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { Page, Viewer } from "../context.ts";
import { announce, field, h, humanize, messageArea, replaceChildren, uid } from "../dom.ts";
import { type Question, surveyForm } from "./form.ts";
import { surveyPath } from "./pages.ts";
import "./surveys.css";

interface Topic {
  id: string;
  name: string;
}

function select<T extends string>(
  name: string,
  values: readonly T[],
  value: string,
  label: (value: T) => string = humanize,
): HTMLSelectElement {
  return h(
    "select",
    { name },
    values.map((choice) =>
      h("option", { value: choice, selected: choice === value }, label(choice)),
    ),
  );
}

function checkboxes(
  legend: string,
  name: string,
  choices: readonly [string, string][],
  checked: readonly string[],
): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, legend),
    choices.map(([value, label]) => {
      const id = uid(name);
      return h(
        "span",
        { class: "choice" },
        h("input", { type: "checkbox", id, name, value, checked: checked.includes(value) }),
        h("label", { for: id }, label),
      );
    }),
  );
}

const checkedIn = (scope: Element, name: string) =>
  [...scope.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (input) => input.value,
  );

/** `<input type="datetime-local">` speaks local time without a zone; the API speaks UTC. */
function localInputValue(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

function isoFromLocal(value: string): string | null {
  if (value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value));

type QuestionSeed = Partial<Question> & { topicIds?: readonly string[] };

/** A Likert question's default anchors show as an empty box, so the hint below it holds. */
function labelsArea(question: QuestionSeed): HTMLTextAreaElement {
  const labels = h("textarea", { name: "labels", rows: 4 });
  const defaultAnchors = DEFAULT_LIKERT_LABELS[question.scale === 7 ? 7 : 5];
  const isDefault =
    question.kind === "LIKERT" && (question.labels ?? []).join("\n") === defaultAnchors.join("\n");
  labels.value = isDefault ? "" : (question.labels ?? []).join("\n");
  return labels;
}

function tagControls(question: QuestionSeed, topics: readonly Topic[]): HTMLElement {
  return h(
    "div",
    {},
    checkboxes(
      "Diplomacy types",
      "diplomacyTypes",
      DIPLOMACY_TYPES.map((type) => [type, humanize(type)]),
      question.diplomacyTypes ?? [],
    ),
    topics.length > 0
      ? checkboxes(
          "Topics",
          "topicIds",
          topics.map((topic) => [topic.id, topic.name]),
          question.topicIds ?? [],
        )
      : null,
  );
}

/** The controls only some kinds of question have. */
function kindControls(
  kind: QuestionKind,
  controls: {
    scale: HTMLSelectElement;
    labels: HTMLTextAreaElement;
    min: HTMLInputElement;
    max: HTMLInputElement;
  },
): (HTMLElement | null)[] {
  return [
    kind === "LIKERT" ? field("Points", controls.scale) : null,
    kind === "LIKERT"
      ? field(
          "Anchors, one per line, lowest first",
          controls.labels,
          "Leave empty for Strongly disagree … Strongly agree.",
        )
      : null,
    kind === "SINGLE_CHOICE" || kind === "MULTIPLE_CHOICE" || kind === "RANKING"
      ? field("Options, one per line", controls.labels)
      : null,
    kind === "NUMBER" ? field("Smallest accepted", controls.min) : null,
    kind === "NUMBER" ? field("Largest accepted", controls.max) : null,
  ];
}

/** One question being written: its controls, and the question they describe. */
class QuestionEditor {
  readonly element: HTMLElement;
  private readonly kind: HTMLSelectElement;
  private readonly prompt: HTMLInputElement;
  private readonly required: HTMLInputElement;
  private readonly scale: HTMLSelectElement;
  private readonly labels: HTMLTextAreaElement;
  private readonly min: HTMLInputElement;
  private readonly max: HTMLInputElement;
  private readonly tags: HTMLElement;
  private readonly heading: HTMLElement;

  constructor(
    private readonly id: string | null,
    question: QuestionSeed,
    topics: readonly Topic[],
    onRemove: (editor: QuestionEditor) => void,
    onMove: (editor: QuestionEditor, by: number) => void,
  ) {
    this.kind = select("kind", QUESTION_KINDS, question.kind ?? "LIKERT");
    this.prompt = h("input", {
      name: "prompt",
      required: true,
      minlength: SURVEY_LIMITS.prompt.min,
      maxlength: SURVEY_LIMITS.prompt.max,
      value: question.prompt ?? "",
    });
    this.required = h("input", { type: "checkbox", checked: question.required ?? true });
    this.required.id = uid("required");
    this.scale = select("scale", ["5", "7"], String(question.scale ?? 5), (n) => `${n} points`);
    this.labels = labelsArea(question);
    this.min = h("input", { type: "number", step: "any", value: question.min ?? null });
    this.max = h("input", { type: "number", step: "any", value: question.max ?? null });
    this.tags = tagControls(question, topics);
    this.heading = h("h3", {});
    const remove = h("button", { type: "button", class: "link-button" }, "Remove question");
    remove.addEventListener("click", () => onRemove(this));
    const up = h("button", { type: "button", class: "link-button" }, "Move up");
    up.addEventListener("click", () => onMove(this, -1));
    const down = h("button", { type: "button", class: "link-button" }, "Move down");
    down.addEventListener("click", () => onMove(this, 1));
    const kindSpecific = h("div", { class: "kind-specific" });
    const drawKind = () =>
      replaceChildren(
        kindSpecific,
        ...kindControls(this.kind.value as QuestionKind, {
          scale: this.scale,
          labels: this.labels,
          min: this.min,
          max: this.max,
        }),
      );
    this.kind.addEventListener("change", drawKind);
    drawKind();
    this.element = h(
      "section",
      { class: "question-editor" },
      this.heading,
      field("Question", this.prompt),
      field("Kind", this.kind),
      h(
        "span",
        { class: "choice" },
        this.required,
        h("label", { for: this.required.id }, "An answer is required"),
      ),
      kindSpecific,
      this.tags,
      h("div", { class: "button-row" }, up, down, remove),
    );
  }

  number(position: number): void {
    this.heading.textContent = `Question ${position}`;
  }

  private labelList(): string[] {
    return this.labels.value
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
  }

  input(): SurveyQuestionInput {
    const kind = this.kind.value as QuestionKind;
    const labels = this.labelList();
    return {
      ...(this.id ? { id: this.id } : {}),
      kind,
      prompt: this.prompt.value.trim(),
      required: this.required.checked,
      diplomacyTypes: checkedIn(this.tags, "diplomacyTypes") as DiplomacyType[],
      topicIds: checkedIn(this.tags, "topicIds"),
      ...(kind === "LIKERT" ? { scale: Number(this.scale.value) } : {}),
      ...(labels.length > 0 && kind !== "NUMBER" && kind !== "TEXT" ? { labels } : {}),
      ...(kind === "NUMBER"
        ? { min: numberOrNull(this.min.value), max: numberOrNull(this.max.value) }
        : {}),
    };
  }

  /** The question as respondents will see it (for the preview). */
  preview(position: number): Question {
    const input = this.input();
    const scale = input.scale === 7 ? 7 : 5;
    return {
      id: input.id ?? `preview-${position}`,
      kind: input.kind,
      prompt: input.prompt || "(no question yet)",
      required: input.required ?? true,
      scale: input.kind === "LIKERT" ? scale : null,
      labels:
        input.kind === "LIKERT" && !input.labels
          ? [...DEFAULT_LIKERT_LABELS[scale]]
          : [...(input.labels ?? [])],
      min: input.min ?? null,
      max: input.max ?? null,
      diplomacyTypes: input.diplomacyTypes ?? [],
    };
  }
}

function ownerChoices(viewer: Viewer | null): [string, string][] {
  const choices: [string, string][] =
    viewer?.platformRole === "COORDINATOR" ? [["", "The platform (coordinators)"]] : [];
  for (const membership of viewer?.workingGroups ?? []) {
    if (membership.role === "CONVENER") {
      choices.push([membership.workingGroup.id, membership.workingGroup.name]);
    }
  }
  return choices;
}

export const surveyEditorPage: Page = async (context, main, params) => {
  const messages = messageArea();
  const [viewer, topics, existing] = await Promise.all([
    context.viewer(),
    context.api
      .request(WebTopicsDocument)
      .then((result) => result.topics)
      .catch(() => [] as Topic[]),
    params.id
      ? context.api
          .request(SurveyDocument, { id: params.id })
          .then((result) => result.survey)
          .catch((error: unknown) => {
            messages.error(errorMessage(error));
            return null;
          })
      : Promise.resolve(null),
  ]);
  if (params.id && !existing) {
    main.replaceChildren(
      h("section", { class: "narrow" }, h("h1", {}, "Survey unavailable"), messages.element),
    );
    return undefined;
  }
  drawEditor(context, main, { viewer, topics, existing, messages });
  return undefined;
};

type Context = Parameters<Page>[0];

/** The survey's own fields, apart from its questions. */
interface SurveyFields {
  questionsFixed: boolean;
  title: HTMLInputElement;
  introduction: HTMLTextAreaElement;
  owners: [string, string][];
  owner: HTMLSelectElement;
  audience: HTMLSelectElement;
  communities: HTMLFieldSetElement;
  opensAt: HTMLInputElement;
  closesAt: HTMLInputElement;
  anonymous: HTMLInputElement;
  visibility: HTMLSelectElement;
}

function surveyFields(existing: SurveyDetailFragment | null, viewer: Viewer | null): SurveyFields {
  const questionsFixed = existing !== null && existing.status !== "DRAFT";
  const title = h("input", {
    name: "title",
    required: true,
    minlength: SURVEY_LIMITS.title.min,
    maxlength: SURVEY_LIMITS.title.max,
    value: existing?.title ?? "",
  });
  const introduction = h("textarea", {
    name: "introduction",
    rows: 4,
    maxlength: SURVEY_LIMITS.introduction.max,
  });
  introduction.value = existing?.introduction ?? "";
  const owners = ownerChoices(viewer);
  const owner = h(
    "select",
    { name: "owner", disabled: existing !== null },
    owners.map(([value, label]) =>
      h("option", { value, selected: value === (existing?.workingGroup?.id ?? "") }, label),
    ),
  );
  return {
    questionsFixed,
    title,
    introduction,
    owners,
    owner,
    ...audienceFields(existing, questionsFixed),
  };
}

/** Who is asked and when: fixed, like the questions, once the survey is open. */
function audienceFields(existing: SurveyDetailFragment | null, questionsFixed: boolean) {
  const audience = select<SurveyAudience>(
    "audience",
    SURVEY_AUDIENCES,
    existing?.audience ?? "ALL_MEMBERS",
  );
  const communities = checkboxes(
    "Communities asked (audience: communities)",
    "audienceCommunities",
    COMMUNITIES.map((community) => [community, humanize(community)]),
    existing?.audienceCommunities ?? [],
  );
  const opensAt = h("input", { type: "datetime-local", value: localInputValue(existing?.opensAt) });
  const closesAt = h("input", {
    type: "datetime-local",
    value: localInputValue(existing?.closesAt),
  });
  const anonymous = h("input", { type: "checkbox", checked: existing?.anonymous ?? true });
  anonymous.id = uid("anonymous");
  const visibility = select<SurveyResultsVisibility>(
    "resultsVisibility",
    SURVEY_RESULTS_VISIBILITIES,
    existing?.resultsVisibility ?? "MEMBERS",
  );
  for (const control of [audience, opensAt, anonymous]) control.disabled = questionsFixed;
  for (const input of communities.querySelectorAll("input")) input.disabled = questionsFixed;
  return { audience, communities, opensAt, closesAt, anonymous, visibility };
}

/** The list of question editors, with its "Add a question" button. */
function questionList(
  existing: SurveyDetailFragment | null,
  topics: readonly Topic[],
): { editors: QuestionEditor[]; list: HTMLElement; addButton: HTMLButtonElement } {
  const editors: QuestionEditor[] = [];
  const list = h("div", { class: "question-list" });
  const redrawQuestions = () => {
    for (const [index, editor] of editors.entries()) editor.number(index + 1);
    replaceChildren(
      list,
      editors.map((editor) => editor.element),
    );
  };
  const onRemove = (editor: QuestionEditor) => {
    editors.splice(editors.indexOf(editor), 1);
    redrawQuestions();
    announce("Question removed.");
  };
  const onMove = (editor: QuestionEditor, by: number) => {
    const from = editors.indexOf(editor);
    const to = from + by;
    if (to < 0 || to >= editors.length) return;
    editors.splice(from, 1);
    editors.splice(to, 0, editor);
    redrawQuestions();
    editor.element.querySelector("input")?.focus();
  };
  const addQuestion = (question: QuestionSeed, id: string | null) => {
    editors.push(new QuestionEditor(id, question, topics, onRemove, onMove));
  };
  for (const question of existing?.questions ?? []) {
    addQuestion({ ...question, topicIds: question.topics.map((topic) => topic.id) }, question.id);
  }
  if (editors.length === 0) addQuestion({}, null);
  redrawQuestions();

  const addButton = h("button", { type: "button" }, "Add a question");
  addButton.addEventListener("click", () => {
    addQuestion({}, null);
    redrawQuestions();
    editors.at(-1)?.element.querySelector("input")?.focus();
  });
  return { editors, list, addButton };
}

/** The preview section and the button that fills it. */
function previewControls(
  fields: SurveyFields,
  editors: readonly QuestionEditor[],
): { preview: HTMLElement; previewButton: HTMLButtonElement } {
  const preview = h("section", { class: "survey-preview", "aria-labelledby": "preview-title" });
  const previewButton = h("button", { type: "button" }, "Preview");
  previewButton.addEventListener("click", () => {
    const form = surveyForm(editors.map((editor, index) => editor.preview(index + 1)));
    replaceChildren(
      preview,
      h("h2", { id: "preview-title", tabindex: -1 }, "Preview"),
      h("p", { class: "hint" }, "What respondents will see; nothing here is sent."),
      h("h3", {}, fields.title.value || "(untitled)"),
      fields.introduction.value ? h("p", {}, fields.introduction.value) : null,
      form.element,
    );
    preview.querySelector<HTMLElement>("#preview-title")?.focus();
  });
  return { preview, previewButton };
}

function surveyInput(
  fields: SurveyFields,
  existing: SurveyDetailFragment | null,
  editors: readonly QuestionEditor[],
): SurveyInput {
  return {
    title: fields.title.value.trim(),
    introduction: fields.introduction.value,
    closesAt: isoFromLocal(fields.closesAt.value),
    resultsVisibility: fields.visibility.value as SurveyResultsVisibility,
    // Once open, the API takes these as they are stored (a change is refused), and the
    // questions not at all.
    ...(fields.questionsFixed && existing
      ? {
          audience: existing.audience,
          audienceCommunities: existing.audienceCommunities,
          opensAt: existing.opensAt ?? null,
          anonymous: existing.anonymous,
        }
      : {
          audience: fields.audience.value as SurveyAudience,
          audienceCommunities: checkedIn(fields.communities, "audienceCommunities") as Community[],
          opensAt: isoFromLocal(fields.opensAt.value),
          anonymous: fields.anonymous.checked,
          questions: editors.map((editor) => editor.input()),
        }),
  };
}

async function saveSurvey(
  context: Context,
  existing: SurveyDetailFragment | null,
  owner: string,
  input: SurveyInput,
): Promise<{ id: string }> {
  return existing
    ? (
        await context.api.request(UpdateSurveyDocument, {
          id: existing.id,
          expectedVersion: existing.version,
          input,
        })
      ).updateSurvey
    : (
        await context.api.request(CreateSurveyDocument, {
          workingGroupId: owner === "" ? null : owner,
          input,
        })
      ).createSurvey;
}

function surveyFieldControls(fields: SurveyFields): (HTMLElement | null)[] {
  return [
    field("Title", fields.title),
    field("Introduction", fields.introduction, "Shown above the questions."),
    fields.owners.length > 0 ? field("Owner", fields.owner) : null,
    field("Audience", fields.audience),
    fields.communities,
    field("Opens at", fields.opensAt, "Optional; in your local time."),
    field("Closes at", fields.closesAt, "Optional; the survey closes by itself then."),
    h(
      "span",
      { class: "choice" },
      fields.anonymous,
      h("label", { for: fields.anonymous.id }, "Anonymous (answers stored under a pseudonym)"),
    ),
    field("Results visible to", fields.visibility),
  ];
}

function drawEditor(
  context: Context,
  main: HTMLElement,
  {
    viewer,
    topics,
    existing,
    messages,
  }: {
    viewer: Viewer | null;
    topics: readonly Topic[];
    existing: SurveyDetailFragment | null;
    messages: ReturnType<typeof messageArea>;
  },
): void {
  const fields = surveyFields(existing, viewer);
  const { questionsFixed } = fields;
  const { editors, list, addButton } = questionList(existing, topics);
  const { preview, previewButton } = previewControls(fields, editors);
  const save = h(
    "button",
    { type: "submit", class: "primary" },
    existing ? "Save" : "Create survey",
  );
  const form = h(
    "form",
    { class: "survey-editor", novalidate: true },
    h("h1", {}, existing ? `Edit “${existing.title}”` : "New survey"),
    questionsFixed
      ? h(
          "p",
          { class: "info" },
          "This survey is open: its questions, audience and opening time can no longer change.",
        )
      : null,
    ...surveyFieldControls(fields),
    questionsFixed
      ? null
      : h("section", { "aria-label": "Questions" }, h("h2", {}, "Questions"), list, addButton),
    messages.element,
    h("div", { class: "button-row" }, questionsFixed ? null : previewButton, save),
    preview,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    messages.clear();
    const input = surveyInput(fields, existing, editors);
    save.disabled = true;
    try {
      const saved = await saveSurvey(context, existing, fields.owner.value, input);
      announce(existing ? "Survey saved." : "Survey created.");
      context.navigate(surveyPath(saved.id));
    } catch (error) {
      messages.error(errorMessage(error));
      save.disabled = false;
    }
  });
  main.replaceChildren(h("section", { class: "narrow" }, form));
}
