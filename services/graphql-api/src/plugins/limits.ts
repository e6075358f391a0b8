// Refuses operations that are too deep or would cost too much before anything executes. Cost
// counts every field once, multiplied by the page size of each list around it: `first` (from
// the argument or its variable, clamped like the resolvers clamp it) or, for plain lists, an
// assumed size. Introspection is left out: it is bounded by the schema and only for members.

import type { GraphqlLimits } from "@accord/domain";
import type { ApolloServerPlugin } from "@apollo/server";
import {
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { RequestContext } from "../context.ts";

/** Plain lists (collaborators, topics, comments of a thread) are assumed to hold this many. */
export const ASSUMED_LIST_SIZE = 10;

interface Measure {
  depth: number;
  cost: number;
}

export function measureOperation(input: {
  schema: GraphQLSchema;
  selectionSet: SelectionSetNode;
  rootType: GraphQLNamedType;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variables: Readonly<Record<string, unknown>>;
  limits: GraphqlLimits;
}): Measure {
  const { fragments, variables, limits } = input;

  const listSize = (args: readonly { name: { value: string }; value: ValueNode }[]) => {
    const first = args.find((a) => a.name.value === "first");
    if (!first) return null;
    let value: unknown = null;
    if (first.value.kind === Kind.INT) value = Number(first.value.value);
    else if (first.value.kind === Kind.VARIABLE) value = variables[first.value.name.value];
    const size = typeof value === "number" ? value : limits.defaultPageSize;
    return Math.max(0, Math.min(size, limits.maxPageSize));
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    visited: ReadonlySet<string>,
  ): Measure => {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith("__")) continue;
        const fieldType =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[name]?.type
            : undefined;
        if (!fieldType) continue;
        // A connection's `first` already sized its edges; they are not a second list.
        const connectionEdges = name === "edges" && parent.name.endsWith("Connection");
        const factor =
          listSize(selection.arguments ?? []) ??
          (isList(fieldType) && !connectionEdges ? ASSUMED_LIST_SIZE : 1);
        const child = selection.selectionSet
          ? walk(selection.selectionSet, getNamedType(fieldType), visited)
          : { depth: 0, cost: 0 };
        depth = Math.max(depth, 1 + child.depth);
        cost += 1 + factor * child.cost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? (input.schema.getType(typeName) ?? parent) : parent;
        const child = walk(selection.selectionSet, type, visited);
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || visited.has(name)) continue;
        const type = input.schema.getType(fragment.typeCondition.name.value) ?? parent;
        const child = walk(fragment.selectionSet, type, new Set([...visited, name]));
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      }
    }
    return { depth, cost };
  };

  return walk(input.selectionSet, input.rootType, new Set());
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}

export function useQueryLimits(limits: GraphqlLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const rootType =
            operation.operation === "mutation"
              ? schema.getMutationType()
              : operation.operation === "subscription"
                ? schema.getSubscriptionType()
                : schema.getQueryType();
          if (!rootType) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
              fragments[definition.name.value] = definition;
            }
          }
          const { depth, cost } = measureOperation({
            schema,
            selectionSet: operation.selectionSet,
            rootType,
            fragments,
            variables: request.variables ?? {},
            limits,
          });
          if (depth > limits.maxDepth) {
            throw new GraphQLError(
              `The query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed. Split it into several queries.`,
              {
                extensions: {
                  code: "BAD_USER_INPUT",
                  reason: "QUERY_TOO_DEEP",
                  http: { status: 400 },
                },
              },
            );
          }
          if (cost > limits.maxCost) {
            throw new GraphQLError(
              `The query would cost ${cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages (first) or fewer nested lists.`,
              {
                extensions: {
                  code: "BAD_USER_INPUT",
                  reason: "QUERY_TOO_COSTLY",
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}
