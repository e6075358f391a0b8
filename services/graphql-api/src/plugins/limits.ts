// Refuses operations that are too deep or would cost too much before anything executes. Cost
// counts every field once, multiplied by the page size of each list around it: a connection
// (a field with a `first` argument) at the page the resolvers will really return (`first`
// from the literal, the variable, the variable's declared default, else the default page size,
// clamped like the resolvers clamp it); other lists at an assumed size.
//
// The measure is linear in the document: each fragment is measured once and its result reused
// wherever it is spread (its cost depends only on its own selections and type condition), so a
// fragment that spreads another ten times, eight levels down, is eight walks, not 10^8.

import type { GraphqlLimits } from "@accord/domain";
import type { ApolloServerPlugin } from "@apollo/server";
import {
  type DocumentNode,
  type FieldNode,
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
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";
import type { RequestContext } from "../context.ts";

/** Plain lists (collaborators, topics, comments of a thread) are assumed to hold this many. */
export const ASSUMED_LIST_SIZE = 10;

export interface Measure {
  depth: number;
  cost: number;
}

export interface OperationMeasure extends Measure {
  /** Selections walked to compute the measure: at most the selections in the document. */
  visited: number;
}

interface MeasureInput {
  schema: GraphQLSchema;
  selectionSet: SelectionSetNode;
  rootType: GraphQLNamedType;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variables: Readonly<Record<string, unknown>>;
  /** The operation's variable definitions: a variable left out counts at its default. */
  variableDefinitions?: readonly VariableDefinitionNode[] | undefined;
  limits: GraphqlLimits;
}

type ArgumentNodes = readonly { name: { value: string }; value: ValueNode }[];

/** One measurement of one operation: its variables' defaults and the fragments measured so far. */
class OperationMeter {
  /** Selections walked so far. */
  visited = 0;
  private readonly defaults = new Map<string, ValueNode>();
  private readonly fragmentMeasures = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly input: MeasureInput) {
    for (const definition of input.variableDefinitions ?? []) {
      if (definition.defaultValue)
        this.defaults.set(definition.variable.name.value, definition.defaultValue);
    }
  }

  private intOf(value: ValueNode | undefined): number | null {
    if (!value) return null;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind !== Kind.VARIABLE) return null;
    const { variables } = this.input;
    const name = value.name.value;
    const given = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (given !== undefined) return typeof given === "number" ? given : null;
    return this.intOf(this.defaults.get(name));
  }

  /** The page a connection field returns, as paging.ts's pageRequest computes it. */
  private pageSize(args: ArgumentNodes): number {
    const { limits } = this.input;
    const first = this.intOf(args.find((a) => a.name.value === "first")?.value);
    // pageRequest refuses a negative or fractional `first`; such a query never runs a page.
    const size = first === null || !Number.isFinite(first) ? limits.defaultPageSize : first;
    return Math.max(0, Math.min(size, limits.maxPageSize));
  }

  walk(selectionSet: SelectionSetNode, parent: GraphQLNamedType): Measure {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      this.visited++;
      if (selection.kind === Kind.FIELD) {
        const child = this.field(selection, parent);
        if (!child) continue;
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      } else {
        const child =
          selection.kind === Kind.INLINE_FRAGMENT
            ? this.walk(selection.selectionSet, this.typeNamed(selection.typeCondition, parent))
            : this.fragment(selection.name.value, parent);
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      }
    }
    return { depth, cost };
  }

  /** One field: itself plus its selections, times the size of the list it is. */
  private field(selection: FieldNode, parent: GraphQLNamedType): Measure | null {
    const name = selection.name.value;
    // Introspection is bounded by MaxIntrospectionDepthRule and the schema, not by cost.
    if (name.startsWith("__")) return null;
    const field =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (!field) return null;
    const connection = field.args.some((arg) => arg.name === "first");
    // A connection's page already sized its edges; they are not a second list.
    const connectionEdges = name === "edges" && parent.name.endsWith("Connection");
    const factor = connection
      ? this.pageSize(selection.arguments ?? [])
      : isList(field.type) && !connectionEdges
        ? ASSUMED_LIST_SIZE
        : 1;
    const child = selection.selectionSet
      ? this.walk(selection.selectionSet, getNamedType(field.type))
      : { depth: 0, cost: 0 };
    return { depth: 1 + child.depth, cost: 1 + factor * child.cost };
  }

  private typeNamed(
    condition: { name: { value: string } } | undefined,
    parent: GraphQLNamedType,
  ): GraphQLNamedType {
    const typeName = condition?.name.value;
    return typeName ? (this.input.schema.getType(typeName) ?? parent) : parent;
  }

  /** A fragment is measured once, wherever it is spread. */
  private fragment(name: string, parent: GraphQLNamedType): Measure {
    const known = this.fragmentMeasures.get(name);
    if (known) return known;
    const fragment = this.input.fragments[name];
    // Validation has refused unknown fragments and cycles already; stay finite regardless.
    if (!fragment || this.inProgress.has(name)) return { depth: 0, cost: 0 };
    this.inProgress.add(name);
    const measure = this.walk(
      fragment.selectionSet,
      this.typeNamed(fragment.typeCondition, parent),
    );
    this.inProgress.delete(name);
    this.fragmentMeasures.set(name, measure);
    return measure;
  }
}

export function measureOperation(input: MeasureInput): OperationMeasure {
  const meter = new OperationMeter(input);
  const measure = meter.walk(input.selectionSet, input.rootType);
  return { ...measure, visited: meter.visited };
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}

/** The fragments of a document, by name. */
function fragmentsOf(
  definitions: readonly { kind: Kind }[],
): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments[fragment.name.value] = fragment;
    }
  }
  return fragments;
}

const STAND_IN_DOCUMENT = parse("{ __typename }", { noLocation: true });
const refusedBeforeValidation = new WeakSet<DocumentNode>();

/** Refuses a document that useQueryLimits found too costly to validate (see validationDidStart). */
export const RefusedBeforeValidationRule: ValidationRule = (context) => ({
  Document(node) {
    if (!refusedBeforeValidation.has(node)) return;
    context.reportError(
      new GraphQLError(
        "The query repeats the same fields or fragments too often to be checked; ask for each field once per selection.",
        { extensions: { reason: "QUERY_TOO_COMPLEX" } },
      ),
    );
  },
});

interface CollectedSet {
  fields: Map<string, FieldNode[]>;
  fragmentNames: Set<string>;
  size: number;
}

/** One estimate: the work counted so far, and each selection set's fields collected once. */
class ValidationWorkEstimate {
  work = 0;
  private readonly collected = new Map<SelectionSetNode, CollectedSet>();

  constructor(private readonly limit: number) {}

  over(): boolean {
    return this.work > this.limit;
  }

  /** A selection set's fields by response name (inline fragments flattened) and its spreads. */
  private collect(selectionSet: SelectionSetNode): CollectedSet {
    const known = this.collected.get(selectionSet);
    if (known) return known;
    const set: CollectedSet = { fields: new Map(), fragmentNames: new Set(), size: 0 };
    const add = (selections: SelectionSetNode) => {
      for (const selection of selections.selections) {
        this.work++;
        if (selection.kind === Kind.FIELD) {
          const name = selection.alias?.value ?? selection.name.value;
          const group = set.fields.get(name);
          if (group) group.push(selection);
          else set.fields.set(name, [selection]);
          set.size++;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          add(selection.selectionSet);
        } else {
          set.fragmentNames.add(selection.name.value);
        }
      }
    };
    add(selectionSet);
    this.collected.set(selectionSet, set);
    return set;
  }

  /** Comparisons between two sub-selections of fields that share a response name. */
  private between(a: SelectionSetNode, b: SelectionSetNode): void {
    const left = this.collect(a);
    const right = this.collect(b);
    this.work +=
      left.fragmentNames.size * right.size +
      right.fragmentNames.size * left.size +
      left.fragmentNames.size * right.fragmentNames.size;
    for (const [name, fields] of left.fields) {
      const others = right.fields.get(name);
      if (!others) continue;
      for (const field of fields) {
        for (const other of others) {
          this.work++;
          if (this.over()) return;
          if (field.selectionSet && other.selectionSet) {
            this.between(field.selectionSet, other.selectionSet);
          }
        }
      }
    }
  }

  /** Comparisons inside one selection set, and inside each of its fields' selections. */
  within(selectionSet: SelectionSetNode): void {
    const set = this.collect(selectionSet);
    const spreads = set.fragmentNames.size;
    this.work += spreads * set.size + (spreads * (spreads - 1)) / 2;
    for (const fields of set.fields.values()) {
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]!;
        if (field.selectionSet) this.within(field.selectionSet);
        for (let j = i + 1; j < fields.length; j++) {
          this.work++;
          if (this.over()) return;
          const other = fields[j]!;
          if (field.selectionSet && other.selectionSet) {
            this.between(field.selectionSet, other.selectionSet);
          }
        }
        if (this.over()) return;
      }
    }
  }
}

/**
 * An estimate of the comparisons overlapping-field validation will make, stopping as soon as
 * it passes `limit`: the estimate's own work is therefore bounded by `limit` too. Counts, per
 * selection set, pairs of fields sharing a response name (and the pairs of their
 * sub-selections, recursively), fields against fragment spreads, and pairs of spreads.
 */
export function estimateValidationWork(document: DocumentNode, limit: number): number {
  const estimate = new ValidationWorkEstimate(limit);
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OPERATION_DEFINITION ||
      definition.kind === Kind.FRAGMENT_DEFINITION
    ) {
      estimate.within(definition.selectionSet);
      if (estimate.over()) break;
    }
  }
  return estimate.work;
}

/** Depth and cost of one operation of a document, as the plugin measures them. */
export function measureDocumentOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  definitions: readonly { kind: Kind }[],
  variables: Readonly<Record<string, unknown>>,
  limits: GraphqlLimits,
): OperationMeasure | null {
  const rootType =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "subscription"
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!rootType) return null;
  return measureOperation({
    schema,
    selectionSet: operation.selectionSet,
    rootType,
    fragments: fragmentsOf(definitions),
    variables,
    variableDefinitions: operation.variableDefinitions,
    limits,
  });
}

export function useQueryLimits(limits: GraphqlLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart(requestContext) {
          const work = estimateValidationWork(requestContext.document, limits.maxValidationWork);
          if (work <= limits.maxValidationWork) return;
          // A plugin cannot answer a request here (a throw becomes a 500), so validation gets
          // a stand-in document that RefusedBeforeValidationRule refuses at once, and the
          // expensive rules never see the original.
          const standIn: DocumentNode = { ...STAND_IN_DOCUMENT };
          refusedBeforeValidation.add(standIn);
          // Apollo reads `document` again right after this hook; its type says readonly.
          (requestContext as { document: DocumentNode }).document = standIn;
        },
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const measure = measureDocumentOperation(
            schema,
            operation,
            document.definitions,
            request.variables ?? {},
            limits,
          );
          if (!measure) return;
          const { depth, cost } = measure;
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
