// What a reader of the logs gets: one JSON object a line, at or above the chosen level, with the
// base fields and errors written out.
import { describe, expect, it } from "vitest";
import { createJsonLogger, isLogLevel } from "../src/index.ts";

function capture(level?: "debug" | "info" | "warn" | "error") {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({
    ...(level ? { level } : {}),
    base: { service: "accord" },
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

describe("createJsonLogger", () => {
  it("writes one JSON object a line with time, level, message, base and fields", () => {
    const { logger, lines } = capture();
    logger.info("paper opened", { paperId: "p1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      message: "paper opened",
      service: "accord",
      paperId: "p1",
    });
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
  });

  it("drops lines below its level (info by default)", () => {
    const byDefault = capture();
    byDefault.logger.debug("noise");
    byDefault.logger.warn("kept");
    expect(byDefault.lines.map((line) => line.message)).toEqual(["kept"]);

    const quiet = capture("error");
    quiet.logger.warn("dropped");
    quiet.logger.error("kept");
    expect(quiet.lines.map((line) => line.level)).toEqual(["error"]);

    const verbose = capture("debug");
    verbose.logger.debug("kept");
    expect(verbose.lines).toHaveLength(1);
  });

  it("writes an error's name, message and stack", () => {
    const { logger, lines } = capture();
    logger.error("request failed", { error: new TypeError("boom") });
    expect(lines[0]?.error).toMatchObject({ name: "TypeError", message: "boom" });
    expect(String((lines[0]?.error as { stack?: unknown }).stack)).toContain("TypeError: boom");
  });
});

describe("isLogLevel", () => {
  it("accepts the four levels only", () => {
    expect(["debug", "info", "warn", "error"].every((level) => isLogLevel(level))).toBe(true);
    expect(isLogLevel("INFO")).toBe(false);
    expect(isLogLevel("verbose")).toBe(false);
    expect(isLogLevel(undefined)).toBe(false);
  });
});
