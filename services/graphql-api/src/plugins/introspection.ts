// Introspection (__schema, __type) only for signed-in callers: the schema is no secret from
// members, but anonymous scanners get nothing for free. __typename stays open to everyone.
import type { ApolloServerPlugin } from "@apollo/server";
import { type DocumentNode, GraphQLError, Kind, type SelectionSetNode } from "graphql";
import type { RequestContext } from "../context.ts";

function asksForIntrospection(document: DocumentNode): boolean {
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === "__schema" || selection.name.value === "__type") return true;
        return selection.selectionSet ? visit(selection.selectionSet) : false;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return false;
    });
  return document.definitions.some(
    (definition) =>
      (definition.kind === Kind.OPERATION_DEFINITION ||
        definition.kind === Kind.FRAGMENT_DEFINITION) &&
      visit(definition.selectionSet),
  );
}

export function useIntrospectionForMembers(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (contextValue.identity || !asksForIntrospection(document)) return;
          throw new GraphQLError("Sign in to introspect the schema (send a bearer token).", {
            extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
          });
        },
      };
    },
  };
}
