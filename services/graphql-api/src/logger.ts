// Structured JSON logs, one object a line, so CloudWatch and local terminals read the same.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createJsonLogger(
  options: {
    level?: LogLevel;
    /** Where lines go; default stdout. */
    write?: (line: string) => void;
    /** Added to every line, e.g. { service: "graphql-api" }. */
    base?: LogFields;
  } = {},
): Logger {
  const threshold = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (ORDER[level] < threshold) return;
      write(
        JSON.stringify(
          { time: new Date().toISOString(), level, message, ...options.base, ...fields },
          errorReplacer,
        ),
      );
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in ORDER;
}
