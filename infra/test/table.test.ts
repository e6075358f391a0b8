// Mapping the storage adapter's CreateTable input onto CDK table props.

import { createTableInput } from "@accord/storage-dynamodb/table";
import { AttributeType, ProjectionType } from "aws-cdk-lib/aws-dynamodb";
import { describe, expect, it } from "vitest";
import { mapTableDefinition } from "../lib/constructs/accord-table.ts";

describe("mapTableDefinition", () => {
  it("maps the shared definition's keys and global indexes", () => {
    const mapped = mapTableDefinition(createTableInput("accord"));
    const input = createTableInput("accord");
    const hash = input.KeySchema?.find((k) => k.KeyType === "HASH")?.AttributeName;
    expect(mapped.partitionKey.name).toBe(hash);
    expect(mapped.globalIndexes.map((index) => index.indexName)).toEqual(
      input.GlobalSecondaryIndexes?.map((index) => index.IndexName),
    );
    expect(mapped.localIndexes).toEqual([]);
  });

  it("maps types, sort keys, projections and local indexes", () => {
    const mapped = mapTableDefinition({
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "at", AttributeType: "N" },
        { AttributeName: "blob", AttributeType: "B" },
      ],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byAt",
          KeySchema: [
            { AttributeName: "blob", KeyType: "HASH" },
            { AttributeName: "at", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["title"] },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "local",
          KeySchema: [
            { AttributeName: "id", KeyType: "HASH" },
            { AttributeName: "at", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });
    expect(mapped.partitionKey).toEqual({ name: "id", type: AttributeType.STRING });
    expect(mapped.sortKey).toBeUndefined();
    expect(mapped.globalIndexes).toEqual([
      {
        indexName: "byAt",
        partitionKey: { name: "blob", type: AttributeType.BINARY },
        sortKey: { name: "at", type: AttributeType.NUMBER },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: ["title"],
      },
    ]);
    expect(mapped.localIndexes).toEqual([
      {
        indexName: "local",
        sortKey: { name: "at", type: AttributeType.NUMBER },
        projectionType: ProjectionType.KEYS_ONLY,
      },
    ]);
  });

  it("refuses definitions it cannot map faithfully", () => {
    expect(() => mapTableDefinition({ AttributeDefinitions: [], KeySchema: [] })).toThrow(
      /no HASH key/,
    );
    expect(() =>
      mapTableDefinition({
        AttributeDefinitions: [],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    ).toThrow(/pk has no attribute definition/);
    expect(() =>
      mapTableDefinition({
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "SS" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    ).toThrow(/Unsupported attribute definition/);
  });
});
