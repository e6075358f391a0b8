// Formatting controls for the editor: real buttons with names and pressed states, so they work
// from the keyboard and with screen readers.
import type { Editor } from "@tiptap/core";
import { h } from "../dom.ts";

interface Tool {
  label: string;
  text: string;
  shortcut?: string;
  run: (editor: Editor) => void;
  active?: (editor: Editor) => boolean;
}

const tools: Tool[] = [
  {
    label: "Bold",
    text: "B",
    shortcut: "Control+B",
    run: (e) => e.chain().focus().toggleBold().run(),
    active: (e) => e.isActive("bold"),
  },
  {
    label: "Italic",
    text: "I",
    shortcut: "Control+I",
    run: (e) => e.chain().focus().toggleItalic().run(),
    active: (e) => e.isActive("italic"),
  },
  {
    label: "Inline code",
    text: "</>",
    shortcut: "Control+E",
    run: (e) => e.chain().focus().toggleCode().run(),
    active: (e) => e.isActive("code"),
  },
  {
    label: "Link",
    text: "Link",
    run: (e) => {
      const previous = (e.getAttributes("link").href as string | undefined) ?? "https://";
      const href = window.prompt("Link address (leave empty to remove the link)", previous);
      if (href === null) return;
      if (href.trim() === "") e.chain().focus().extendMarkRange("link").unsetLink().run();
      else e.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
    },
    active: (e) => e.isActive("link"),
  },
  {
    label: "Paragraph",
    text: "¶",
    run: (e) => e.chain().focus().setParagraph().run(),
    active: (e) => e.isActive("paragraph"),
  },
  ...([1, 2, 3] as const).map(
    (level): Tool => ({
      // The name starts with what the button shows, for people who speak to their computer.
      label: `H${level} heading`,
      text: `H${level}`,
      run: (e) => e.chain().focus().toggleHeading({ level }).run(),
      active: (e) => e.isActive("heading", { level }),
    }),
  ),
  {
    label: "Bulleted list",
    text: "• List",
    run: (e) => e.chain().focus().toggleBulletList().run(),
    active: (e) => e.isActive("bulletList"),
  },
  {
    label: "1. List (numbered)",
    text: "1. List",
    run: (e) => e.chain().focus().toggleOrderedList().run(),
    active: (e) => e.isActive("orderedList"),
  },
  {
    label: "Quote",
    text: "❝",
    run: (e) => e.chain().focus().toggleBlockquote().run(),
    active: (e) => e.isActive("blockquote"),
  },
  {
    label: "Code block",
    text: "{ }",
    run: (e) => e.chain().focus().toggleCodeBlock().run(),
    active: (e) => e.isActive("codeBlock"),
  },
  { label: "Undo", text: "↶", shortcut: "Control+Z", run: (e) => e.chain().focus().undo().run() },
  {
    label: "Redo",
    text: "↷",
    shortcut: "Control+Shift+Z",
    run: (e) => e.chain().focus().redo().run(),
  },
];

export function formattingToolbar(editor: Editor): HTMLElement {
  const buttons = tools.map((tool) => {
    const button = h(
      "button",
      {
        type: "button",
        class: "tool",
        "aria-label": tool.label,
        title: tool.shortcut ? `${tool.label} (${tool.shortcut})` : tool.label,
        "aria-keyshortcuts": tool.shortcut,
        "aria-pressed": tool.active ? "false" : undefined,
      },
      h("span", { "aria-hidden": "true" }, tool.text),
    );
    // A mouse click keeps the focus (and selection) in the text; the keyboard still tabs here.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => tool.run(editor));
    return { tool, button };
  });
  const refresh = () => {
    for (const { tool, button } of buttons) {
      if (tool.active) button.setAttribute("aria-pressed", String(tool.active(editor)));
    }
  };
  editor.on("transaction", refresh);
  refresh();
  return h(
    "div",
    { class: "toolbar", role: "toolbar", "aria-label": "Formatting" },
    buttons.map(({ button }) => button),
  );
}
