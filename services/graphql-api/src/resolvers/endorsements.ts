// Endorsements: while a paper is in ENDORSEMENT, each member may endorse it once, on behalf of
// an organisation, and withdraw again.
import { type Endorsement, longText, notFound, TEXT_LIMITS, text } from "@accord/domain";
import { paperFor } from "../access.ts";
import type {
  EndorsementResolvers,
  MutationResolvers,
  PositionPaperResolvers,
} from "../generated/resolvers.ts";
import { pageRequest, toConnection } from "../paging.ts";
import { recordActivity } from "./input.ts";

export const endorsementMutations: Pick<MutationResolvers, "endorsePaper" | "withdrawEndorsement"> =
  {
    async endorsePaper(_parent, { input }, context) {
      const { paper, actor } = await paperFor(context, input.paperId, "endorse");
      const statement =
        input.statement === null || input.statement === undefined
          ? null
          : longText("statement", input.statement, TEXT_LIMITS.endorsementStatement) || null;
      const endorsement: Endorsement = {
        paperId: paper.id,
        memberId: actor!.memberId,
        organisation: text("organisation", input.organisation, TEXT_LIMITS.organisation),
        statement,
        createdAt: context.now(),
      };
      await context.store.endorsements.create(endorsement);
      context.loaders.endorsementCount.clear(paper.id);
      await recordActivity(context, paper.id, "ENDORSED", {
        organisation: endorsement.organisation,
      });
      return endorsement;
    },

    async withdrawEndorsement(_parent, { paperId }, context) {
      const { paper, actor } = await paperFor(context, paperId, "endorse");
      const existing = await context.store.endorsements.get(paper.id, actor!.memberId);
      if (!existing) throw notFound("endorsement of yours on paper", paper.id);
      await context.store.endorsements.remove(paper.id, actor!.memberId);
      context.loaders.endorsementCount.clear(paper.id);
      await recordActivity(context, paper.id, "ENDORSEMENT_WITHDRAWN", {
        organisation: existing.organisation,
      });
      return paper;
    },
  };

export const endorsementPaperFields: Pick<
  PositionPaperResolvers,
  "endorsements" | "viewerEndorsement"
> = {
  async endorsements(paper, args, context) {
    return toConnection(
      await context.store.endorsements.listByPaper(
        paper.id,
        pageRequest(context.limits.graphql, args),
      ),
    );
  },
  async viewerEndorsement(paper, _args, context) {
    const viewer = await context.viewer();
    return viewer ? context.store.endorsements.get(paper.id, viewer.id) : null;
  },
};

export const endorsementFields: EndorsementResolvers = {
  async paper(endorsement, _args, context) {
    const paper = await context.loaders.papers.load(endorsement.paperId);
    if (!paper) throw notFound("paper", endorsement.paperId);
    return paper;
  },
  async member(endorsement, _args, context) {
    const member = await context.loaders.members.load(endorsement.memberId);
    if (!member) throw notFound("member", endorsement.memberId);
    return member;
  },
};
