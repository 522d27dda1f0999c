// Starts the real mitwirken binary for one test file: a throw-away SQLite database with the demo data, a mail folder
// that the tests read, a free loopback port. stop() ends it; it is also ended when the test process exits or is
// terminated, and scripts/browser-tests.sh kills whatever pid files it finds left over.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { binary, staticDir, outDir, ensureDir } from "./env.mjs";

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(baseUrl, child, logPath) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = fs.existsSync(logPath) ? fs.readFileSync(logPath, "utf8").split("\n").slice(-20).join("\n") : "";
  throw new Error(`the server did not become ready at ${baseUrl}; the end of ${logPath}:\n${log}`);
}

/**
 * Starts a server named `name` (used for its folder and log file), with `serveArgs` added to its `serve` command
 * line. Returns {baseUrl, mailDir, dbPath, stop}.
 */
export async function startServer(name, serveArgs = []) {
  if (!fs.existsSync(binary)) throw new Error(`no server binary at ${binary}: build first (make build)`);
  if (!fs.existsSync(path.join(staticDir, "vendor/kern/kern.min.css"))) {
    throw new Error(`no assets in ${staticDir}: run scripts/build-assets.sh ${staticDir}`);
  }
  const scratch = fs.mkdtempSync(path.join(process.env.MW_BROWSER_TMP || os.tmpdir(), `mw-${name}-`));
  const dbPath = path.join(scratch, "mitwirken.db");
  const mailDir = ensureDir(path.join(scratch, "mail"));
  const logPath = path.join(ensureDir(path.join(outDir, "logs")), `server-${name}.log`);

  execFileSync(binary, ["--db", dbPath, "demo"], { stdio: ["ignore", "ignore", "pipe"] });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = fs.openSync(logPath, "w");
  const child = spawn(
    binary,
    ["--db", dbPath, "serve", "--listen", `127.0.0.1:${port}`, "--static-dir", staticDir, "--mail", `dir:${mailDir}`,
     "--upload-dir", scratch, ...serveArgs],
    // Leaks at exit are the ctest suite's job; here a sanitized server only reports memory errors and UB.
    { stdio: ["ignore", log, log], env: { ...process.env, ASAN_OPTIONS: "detect_leaks=0" } },
  );
  fs.closeSync(log);
  const pidFile = process.env.MW_BROWSER_TMP ? path.join(process.env.MW_BROWSER_TMP, `server-${name}.pid`) : null;
  if (pidFile) fs.writeFileSync(pidFile, String(child.pid));

  let stopped = false;
  const kill = () => {
    if (!stopped && child.exitCode === null) child.kill("SIGTERM");
    stopped = true;
  };
  process.on("exit", kill);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      kill();
      process.exit(130);
    });
  }

  await waitUntilReady(baseUrl, child, logPath);

  async function stop() {
    if (stopped) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
    if (pidFile) fs.rmSync(pidFile, { force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
    // The test build is sanitized (scripts/test.sh): a memory error or undefined behaviour in the server is a failure
    // of the test file that drove it there, even when every page looked right.
    const report = fs.readFileSync(logPath, "utf8").match(/^.*(ERROR: AddressSanitizer|runtime error:).*$/m);
    if (report) throw new Error(`the server reported: ${report[0]} (whole log: ${logPath})`);
  }

  return { baseUrl, mailDir, dbPath, logPath, stop };
}
