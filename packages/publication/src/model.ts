// What a public page shows: a published paper as plain values, gathered by the GraphQL API at
// publication and rendered here without any I/O.
import type { DiplomacyType, QuestionKind, QuestionResults } from "@accord/domain";

/** A LEAD or EDITOR of the paper, as the page names them. */
export interface PublicAuthor {
  displayName: string;
  affiliation: string | null;
  role: "LEAD" | "EDITOR";
}

export interface PublicEndorsement {
  organisation: string;
  /** The member who endorsed on the organisation's behalf. */
  endorsedBy: string;
  statement: string | null;
}

/** One entry of the table of contents: a heading of the body and the id it carries there. */
export interface ContentsEntry {
  level: number;
  text: string;
  id: string;
}

/** The paper's text as HTML (from @accord/render) and the headings it links to. */
export interface PublicBody {
  html: string;
  contents: ContentsEntry[];
  /** Citations whose figures the body already shows (see `evidenceFigure`). */
  evidenceInText?: readonly string[];
}

/** A survey question's results cited in the paper (an EvidenceCitation). */
export interface PublicEvidence {
  citationId: string;
  surveyTitle: string;
  prompt: string;
  kind: QuestionKind;
  /** FROZEN: the figures as they were when cited; LIVE: as they are at publication. */
  mode: "FROZEN" | "LIVE";
  citedAt: string;
  /** Null when the results are not public (e.g. a survey whose results only members see). */
  results: QuestionResults | null;
}

export interface PublicPaper {
  id: string;
  title: string;
  summary: string;
  workingGroup: string;
  /** ISO-8601. */
  publishedAt: string;
  authors: PublicAuthor[];
  endorsements: PublicEndorsement[];
  /** Topic names. */
  topics: string[];
  diplomacyTypes: DiplomacyType[];
  body: PublicBody;
  evidence: PublicEvidence[];
}

/** Where the page lives and what the site is called, for canonical and Open Graph links. */
export interface PageSite {
  /** The public origin, e.g. https://accord.example.org; links are relative without it. */
  siteUrl?: string | undefined;
  /** Default "Accord". */
  siteName?: string | undefined;
}
