// The signed-in member's own profile.
import { type Community, UpdateMeDocument, WebTopicsDocument } from "@accord/client";
import { COMMUNITIES, TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { AppContext, Page, Viewer } from "../context.ts";
import { field, h, humanize, messageArea, uid } from "../dom.ts";

type Topic = { id: string; name: string };

function profileFields(viewer: Viewer) {
  return {
    displayName: h("input", {
      name: "displayName",
      required: true,
      maxlength: TEXT_LIMITS.displayName.max,
      value: viewer.displayName,
      autocomplete: "name",
    }),
    affiliation: h("input", {
      name: "affiliation",
      maxlength: TEXT_LIMITS.affiliation.max,
      value: viewer.affiliation ?? "",
      autocomplete: "organization",
    }),
    country: h("input", {
      name: "country",
      maxlength: 2,
      pattern: "[A-Za-z]{2}",
      value: viewer.country ?? "",
      autocomplete: "country",
    }),
    community: h(
      "select",
      { name: "community" },
      h("option", { value: "" }, "Not set"),
      COMMUNITIES.map((value) =>
        h("option", { value, selected: viewer.community === value }, humanize(value)),
      ),
    ),
  };
}

type ProfileFields = ReturnType<typeof profileFields>;

function expertiseChoices(viewer: Viewer, topics: Topic[]): HTMLFieldSetElement {
  const expertise = new Set(viewer.expertise.map((topic) => topic.id));
  return h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, "Expertise"),
    topics.map((topic) => {
      const id = uid("expertise");
      return h(
        "span",
        { class: "choice" },
        h("input", {
          type: "checkbox",
          id,
          name: "expertise",
          value: topic.id,
          checked: expertise.has(topic.id),
        }),
        h("label", { for: id }, topic.name),
      );
    }),
  );
}

function saveProfile(
  context: AppContext,
  form: HTMLFormElement,
  fields: ProfileFields,
  messages: ReturnType<typeof messageArea>,
): void {
  const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name="expertise"]:checked')];
  context.api
    .request(UpdateMeDocument, {
      input: {
        displayName: fields.displayName.value.trim(),
        affiliation: fields.affiliation.value.trim() || null,
        country: fields.country.value.trim().toUpperCase() || null,
        community: (fields.community.value || null) as Community | null,
        expertiseTopicIds: chosen.map((input) => input.value),
      },
    })
    .then(() => {
      context.refreshViewer();
      messages.info("Profile saved.");
    })
    .catch((error: unknown) => messages.error(errorMessage(error)));
}

export const profilePage: Page = async (context, main) => {
  const messages = messageArea();
  let viewer: Viewer | null;
  let topics: Topic[] = [];
  try {
    [viewer, topics] = await Promise.all([
      context.viewer(),
      context.api.request(WebTopicsDocument).then((result) => result.topics),
    ]);
  } catch (error) {
    main.replaceChildren(h("h1", {}, "Profile"), h("p", { role: "alert" }, errorMessage(error)));
    return undefined;
  }
  if (!viewer) {
    context.navigate("/sign-in?returnTo=/profile", { replace: true });
    return undefined;
  }
  const fields = profileFields(viewer);
  const form = h(
    "form",
    { class: "narrow", "aria-labelledby": "profile-title" },
    h("h1", { id: "profile-title" }, "Your profile"),
    field("Display name", fields.displayName),
    field("Affiliation", fields.affiliation),
    field("Country", fields.country, "Two-letter ISO code, e.g. CH or BR."),
    field("Community", fields.community),
    expertiseChoices(viewer, topics),
    h("button", { type: "submit", class: "primary" }, "Save profile"),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveProfile(context, form, fields, messages);
  });
  main.replaceChildren(form);
  return undefined;
};
