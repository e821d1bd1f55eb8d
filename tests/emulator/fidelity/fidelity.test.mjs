// Fidelity test: the official client @arizeai/ax-client drives the emulator
// through all ten annotation-queue operations plus listSpaces. Where the
// client and the emulator disagree, the emulator is wrong.
//   EMULATOR_BIN=build/bin/aqgate-emulator SEED=tests/emulator/seed/demo.json \
//     node --test tests/emulator/fidelity/fidelity.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import * as ax from "@arizeai/ax-client";

process.env.DISABLE_PRERELEASE_WARNING = "true";
const BIN = process.env.EMULATOR_BIN;
const SEED = process.env.SEED;
const ALICE = "ak-alice-demo-0001";
const BOB = "ak-bob-demo-0002";

let child;
let dir;
let baseUrl;
let ids;
let seed;

async function waitForPortFile(path, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (existsSync(path)) {
      const text = readFileSync(path, "utf8");
      if (text.endsWith("\n")) return Number(text.trim());
    }
    if (child.exitCode !== null) throw new Error(`emulator exited with ${child.exitCode}`);
    await delay(20);
  }
  throw new Error("emulator did not write its port file");
}

before(async () => {
  assert.ok(BIN && SEED, "EMULATOR_BIN and SEED must be set");
  dir = mkdtempSync(join(tmpdir(), "aqgate-fidelity-"));
  const portFile = join(dir, "port");
  child = spawn(BIN, ["--seed", SEED, "--port", "0", "--port_file", portFile], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const port = await waitForPortFile(portFile, 20000);
  baseUrl = `http://127.0.0.1:${port}`;
  ids = await (await fetch(`${baseUrl}/_admin/ids`)).json();
  seed = JSON.parse(readFileSync(SEED, "utf8"));
});

after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const client = (apiKey = ALICE) => ax.createClient({ baseUrl, apiKey });

async function requestLog() {
  return (await (await fetch(`${baseUrl}/_admin/requests`)).json()).requests;
}

test("listSpaces returns the seeded spaces, filtered by substring", async () => {
  const all = await ax.listSpaces({ client: client() });
  assert.deepEqual(all.data.map((s) => s.name).sort(),
                   ["demo-space", "demo-space-archive", "other-space"]);
  assert.equal(all.pagination.hasMore, false);
  const filtered = await ax.listSpaces({ client: client(), name: "DEMO-space" });
  assert.deepEqual(filtered.data.map((s) => s.name).sort(), ["demo-space", "demo-space-archive"]);
  const paged = await ax.listSpaces({ client: client(), limit: 2 });
  assert.equal(paged.data.length, 2);
  assert.equal(paged.pagination.hasMore, true);
  const rest = await ax.listSpaces({ client: client(), limit: 2, cursor: paged.pagination.nextCursor });
  assert.equal(rest.data.length, 1);
  // bob cannot see other-space.
  const bobs = await ax.listSpaces({ client: client(BOB) });
  assert.ok(!bobs.data.some((s) => s.name === "other-space"));
});

test("all ten annotation-queue operations", async () => {
  const c = client();
  const spaceId = ids.spaces["demo-space"];
  const configIds = ["accuracy", "helpfulness", "notes"].map((n) => ids.annotation_configs[`demo-space/${n}`]);
  const spans = seed.projects[0].spans;
  const projectId = ids.projects["demo-space/chatbot-prod"];

  // 1. create (with record sources)
  const queue = await ax.createAnnotationQueue({
    client: c, name: "fidelity-queue", spaceId, instructions: "Check the answer.",
    annotationConfigIds: configIds, annotatorEmails: ["alice@example.com", "bob@example.com"],
    assignmentMethod: "ALL",
    recordSources: [{ recordType: "SPAN", projectId, startTime: "2026-03-01T00:00:00Z",
                      endTime: "2026-03-02T00:00:00Z", spanIds: [spans[0].span_id, spans[1].span_id] }],
  });
  assert.equal(queue.name, "fidelity-queue");
  assert.equal(queue.spaceId, spaceId);
  assert.equal(queue.instructions, "Check the answer.");
  assert.deepEqual(queue.annotationConfigs.map((a) => a.name), ["accuracy", "helpfulness", "notes"]);
  assert.deepEqual(queue.annotators.map((a) => a.email), ["alice@example.com", "bob@example.com"]);
  assert.ok(queue.createdAt instanceof Date && !isNaN(queue.createdAt));
  assert.ok(atob(queue.id).startsWith("AnnotationQueue:"));

  // 2. list (newest first, name substring, exact-name resolution by the client)
  const listed = await ax.listAnnotationQueues({ client: c, space: "demo-space", name: "FIDELITY" });
  assert.deepEqual(listed.data.map((q) => q.id), [queue.id]);

  // 3. get, by ID and by name + space name (the client resolves the name)
  const byId = await ax.getAnnotationQueue({ client: c, annotationQueue: queue.id });
  assert.equal(byId.name, "fidelity-queue");
  const byName = await ax.getAnnotationQueue({ client: c, annotationQueue: "fidelity-queue", space: "demo-space" });
  assert.equal(byName.id, queue.id);

  // 4. update
  const updated = await ax.updateAnnotationQueue({
    client: c, annotationQueue: queue.id, name: "fidelity-queue-2",
    annotatorEmails: ["alice@example.com", "carol@example.com"],
  });
  assert.equal(updated.name, "fidelity-queue-2");
  assert.deepEqual(updated.annotators.map((a) => a.email), ["alice@example.com", "carol@example.com"]);
  assert.ok(updated.updatedAt >= updated.createdAt);

  // 5. list records (created on create)
  let records = await ax.listAnnotationQueueRecords({ client: c, annotationQueue: queue.id });
  assert.equal(records.data.length, 2);
  assert.equal(records.data[0].sourceType, "SPANS");
  assert.equal(records.data[0].data["context.span_id"], spans[0].span_id);
  assert.equal(typeof records.data[0].data["latency_ms"], "number");
  assert.deepEqual(records.data[0].assignedUsers.map((u) => u.completionStatus), ["PENDING", "PENDING"]);

  // 6. add records: a span and whole-dataset v1 examples
  const added = await ax.addAnnotationQueueRecords({
    client: c, annotationQueue: queue.id,
    recordSources: [
      { recordType: "SPAN", projectId, startTime: "2026-03-01T00:00:00Z", endTime: "2026-03-02T00:00:00Z",
        spanIds: [spans[2].span_id] },
      { recordType: "EXAMPLE", datasetId: ids.datasets["demo-space/golden-qa"].id,
        datasetVersionId: ids.datasets["demo-space/golden-qa"].versions.v1 },
    ],
  });
  assert.equal(added.length, 21);
  assert.equal(added[0].sourceType, "SPANS");
  assert.equal(added[1].sourceType, "DATASET");
  assert.equal(typeof added[1].data.verified, "boolean");

  // 7. annotate (upsert by config name; marks alice COMPLETED)
  const recordId = records.data[0].id;
  const annotated = await ax.annotateAnnotationQueueRecord({
    client: c, annotationQueue: queue.id, annotationQueueRecordId: recordId,
    annotations: [{ name: "accuracy", label: "correct", score: 1 }, { name: "notes", text: "fine" }],
  });
  assert.equal(annotated.id, recordId);
  assert.deepEqual(annotated.annotations.map((a) => a.name), ["accuracy", "notes"]);
  assert.equal(annotated.annotations[0].label, "correct");
  const again = await ax.annotateAnnotationQueueRecord({
    client: c, annotationQueue: queue.id, annotationQueueRecordId: recordId,
    annotations: [{ name: "helpfulness", score: 7.5 }],
  });
  assert.equal(again.annotations[0].score, 7.5);
  records = await ax.listAnnotationQueueRecords({ client: c, annotationQueue: queue.id, limit: 1 });
  assert.equal(records.pagination.hasMore, true);
  assert.deepEqual(records.data[0].annotations.map((a) => a.name).sort(), ["accuracy", "helpfulness", "notes"]);
  const alice = records.data[0].assignedUsers.find((u) => u.user.email === "alice@example.com");
  assert.equal(alice.completionStatus, "COMPLETED");
  const page2 = await ax.listAnnotationQueueRecords({
    client: c, annotationQueue: queue.id, limit: 1, cursor: records.pagination.nextCursor });
  assert.notEqual(page2.data[0].id, recordId);

  // 8. assign (replaces; re-assigned alice goes back to PENDING)
  const assigned = await ax.assignAnnotationQueueRecord({
    client: c, annotationQueue: queue.id, annotationQueueRecordId: recordId,
    assignedUserEmails: ["alice@example.com", "carol@example.com"],
  });
  assert.deepEqual(assigned.assignedUsers.map((u) => [u.user.email, u.completionStatus]),
                   [["alice@example.com", "PENDING"], ["carol@example.com", "PENDING"]]);

  // 9. delete records (unknown IDs ignored)
  await ax.deleteAnnotationQueueRecords({
    client: c, annotationQueue: queue.id, recordIds: [recordId, btoa("AnnotationQueueRecord:999999:nope")] });
  const afterDelete = await ax.listAnnotationQueueRecords({ client: c, annotationQueue: queue.id, limit: 500 });
  assert.equal(afterDelete.data.length, 22);
  assert.ok(!afterDelete.data.some((r) => r.id === recordId));

  // 10. delete the queue, by name + space
  await ax.deleteAnnotationQueue({ client: c, annotationQueue: "fidelity-queue-2", space: "demo-space" });
  await assert.rejects(ax.getAnnotationQueue({ client: c, annotationQueue: queue.id }),
                       (e) => e.name === "NotFoundError");

  // Paths reach the emulator percent-encoded, exactly once.
  const paths = (await requestLog()).map((r) => r.path);
  assert.ok(paths.includes(`/v2/annotation-queues/${encodeURIComponent(queue.id)}`));
  // The seeded bench queue's ID holds '+': the client sends it as %2B.
  const bench = await ax.getAnnotationQueue({ client: c, annotationQueue: "bench-1k", space: "demo-space" });
  assert.match(bench.id, /[+/]/);
  const benchPath = `/v2/annotation-queues/${encodeURIComponent(bench.id)}`;
  assert.match(benchPath, /%2B|%2F/);
  assert.ok((await requestLog()).some((r) => r.path === benchPath && r.status === 200));
});

test("errors surface as the client's typed errors", async () => {
  await assert.rejects(ax.listAnnotationQueues({ client: client("wrong-key") }),
                       (e) => e.name === "AuthenticationError" && !e.message.includes("wrong-key"));
  await assert.rejects(
    ax.listAnnotationQueues({ client: client(BOB), space: ids.spaces["other-space"] }),
    (e) => e.name === "AuthorizationError");
  await assert.rejects(
    ax.listAnnotationQueueRecords({ client: client(), annotationQueue: ids.spaces["demo-space"] }),
    (e) => e.name === "NotFoundError");
  await assert.rejects(ax.listAnnotationQueues({ client: client(), limit: 101 }),
                       (e) => e.name === "BadRequestError" && e.message.includes("limit"));
  await assert.rejects(ax.createAnnotationQueue({
    client: client(), name: "bench-1k", spaceId: ids.spaces["demo-space"],
    annotationConfigIds: [ids.annotation_configs["demo-space/accuracy"]],
    annotatorEmails: ["alice@example.com"] }), (e) => e.statusCode === 409);
});
