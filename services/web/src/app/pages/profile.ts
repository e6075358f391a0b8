// The signed-in member's own profile.
import { type Community, UpdateMeDocument, WebTopicsDocument } from "@accord/client";
import { COMMUNITIES, TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { Page } from "../context.ts";
import { field, h, humanize, messageArea, uid } from "../dom.ts";

export const profilePage: Page = async (context, main) => {
  const messages = messageArea();
  let viewer: Awaited<ReturnType<typeof context.viewer>>;
  let topics: { id: string; name: string }[] = [];
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
  const expertise = new Set(viewer.expertise.map((topic) => topic.id));
  const displayName = h("input", {
    name: "displayName",
    required: true,
    maxlength: TEXT_LIMITS.displayName.max,
    value: viewer.displayName,
    autocomplete: "name",
  });
  const affiliation = h("input", {
    name: "affiliation",
    maxlength: TEXT_LIMITS.affiliation.max,
    value: viewer.affiliation ?? "",
    autocomplete: "organization",
  });
  const country = h("input", {
    name: "country",
    maxlength: 2,
    pattern: "[A-Za-z]{2}",
    value: viewer.country ?? "",
    autocomplete: "country",
  });
  const community = h(
    "select",
    { name: "community" },
    h("option", { value: "" }, "Not set"),
    COMMUNITIES.map((value) =>
      h("option", { value, selected: viewer.community === value }, humanize(value)),
    ),
  );
  const form = h(
    "form",
    { class: "narrow", "aria-labelledby": "profile-title" },
    h("h1", { id: "profile-title" }, "Your profile"),
    field("Display name", displayName),
    field("Affiliation", affiliation),
    field("Country", country, "Two-letter ISO code, e.g. CH or BR."),
    field("Community", community),
    h(
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
    ),
    h("button", { type: "submit", class: "primary" }, "Save profile"),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name="expertise"]:checked')];
    context.api
      .request(UpdateMeDocument, {
        input: {
          displayName: displayName.value.trim(),
          affiliation: affiliation.value.trim() || null,
          country: country.value.trim().toUpperCase() || null,
          community: (community.value || null) as Community | null,
          expertiseTopicIds: chosen.map((input) => input.value),
        },
      })
      .then(() => {
        context.refreshViewer();
        messages.info("Profile saved.");
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  main.replaceChildren(form);
  return undefined;
};
