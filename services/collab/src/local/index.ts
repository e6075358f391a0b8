export {
  attachLocalCollab,
  type LocalCollab,
  type LocalCollabOptions,
  parseCollabUrl,
} from "./attach.ts";
