export type { LiveNotifier, PaperContent } from "./live.ts";
