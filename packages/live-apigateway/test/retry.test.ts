// The management API under throttling and slowness: calls that mean "later" are retried within
// a bounded budget with jitter; what still fails is left to the caller, which drops the connection.
import { describe, expect, it } from "vitest";
import type { ManagementApi } from "../src/management.ts";
import { isRetryable, retryDelay, retryingManagementApi } from "../src/retry.ts";

/** An error shaped as the AWS SDK throws it for an answer of `status`. */
function serviceError(name: string, status: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

const THROTTLED = serviceError("LimitExceededException", 429);

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe("retryable failures", () => {
  it("are throttling, 5xx, timeouts and connection errors; not 403, 410 or 413", () => {
    expect(isRetryable(THROTTLED)).toBe(true);
    expect(isRetryable(serviceError("ThrottlingException", 400))).toBe(true);
    expect(isRetryable(serviceError("InternalServerError", 500))).toBe(true);
    expect(isRetryable(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe(true);
    expect(isRetryable(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(isRetryable(serviceError("ForbiddenException", 403))).toBe(false);
    expect(isRetryable(serviceError("GoneException", 410))).toBe(false);
    expect(isRetryable(serviceError("PayloadTooLargeException", 413))).toBe(false);
    expect(isRetryable(new Error("bug"))).toBe(false);
  });

  it("wait a random time under an exponential cap (full jitter)", () => {
    const policy = { attempts: 10, baseDelayMs: 50, maxDelayMs: 800, deadlineMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, policy, () => 0.999))).toEqual([
      49, 99, 199, 399, 799, 799,
    ]);
    expect(retryDelay(3, policy, () => 0)).toBe(0);
  });
});

describe("retryingManagementApi", () => {
  it("gets a throttled post through once the throttling stops", async () => {
    const time = fakeTime();
    let calls = 0;
    const inner: ManagementApi = {
      async post() {
        calls++;
        if (calls < 3) throw THROTTLED;
        return "sent";
      },
      delete: async () => "deleted",
    };
    const api = retryingManagementApi(inner, { ...time, random: () => 0.5 });
    await expect(api.post("c", "frame")).resolves.toBe("sent");
    expect(calls).toBe(3);
    expect(time.sleeps).toEqual([25, 50]);
  });

  it("gives up after its attempts, and at once on what retrying cannot fix", async () => {
    const time = fakeTime();
    let calls = 0;
    const throttled: ManagementApi = {
      async post() {
        calls++;
        throw THROTTLED;
      },
      delete: async () => "deleted",
    };
    const api = retryingManagementApi(throttled, {
      ...time,
      random: () => 0.5,
      policy: { attempts: 4 },
    });
    await expect(api.post("c", "frame")).rejects.toBe(THROTTLED);
    expect(calls).toBe(4);

    calls = 0;
    const forbidden = serviceError("ForbiddenException", 403);
    const refusing = retryingManagementApi(
      {
        async post() {
          calls++;
          throw forbidden;
        },
        delete: async () => "deleted",
      },
      time,
    );
    await expect(refusing.post("c", "frame")).rejects.toBe(forbidden);
    expect(calls).toBe(1);
  });

  it("starts no retry past its deadline", async () => {
    const time = fakeTime();
    let calls = 0;
    const slow: ManagementApi = {
      async post() {
        calls++;
        // Each call takes a whole second before it times out.
        await time.sleep(1_000);
        throw Object.assign(new Error("timed out"), { name: "TimeoutError" });
      },
      delete: async () => "deleted",
    };
    const api = retryingManagementApi(slow, {
      ...time,
      random: () => 0.5,
      policy: { attempts: 10, deadlineMs: 2_500 },
    });
    await expect(api.post("c", "frame")).rejects.toThrow("timed out");
    expect(calls).toBe(3);
  });
});
