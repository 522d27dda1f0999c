// Tests that run the real `mitwirken` binary (MW_BUILD_DIR/mitwirken) as operators and scripts do: one-shot
// subcommands with their exit code and output, and `serve` processes that a test starts, waits for and ends
// (SIGTERM for a graceful stop, SIGKILL for a crash).
//
//   auto result = mw::testing::RunMitwirken({"--db", url, "admin", "create-token", "--email", "a@example.org"});
//   EXPECT_EQ(result.exit_code, 0) << result.output;
//
//   unsigned short port = mw::testing::FreePort();
//   pid_t server = mw::testing::SpawnMitwirken({"--db", url, "serve", "--listen", "127.0.0.1:" + std::to_string(port)},
//                                               log_file);
//   ASSERT_TRUE(mw::testing::WaitUntilReady(port)) << mw::testing::ReadWholeFile(log_file);
//   kill(server, SIGTERM);
//   EXPECT_EQ(mw::testing::WaitExit(server), 0);
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mw::testing {

// The binary of this build tree.
const std::string& MitwirkenBinary();

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Starts the binary with `args`, its stdout and stderr going to `output_file`; throws std::runtime_error if it
// cannot be started. The caller waits for it (WaitExit).
pid_t SpawnMitwirken(const std::vector<std::string>& args, const std::string& output_file);
// Runs the binary to its end.
CliResult RunMitwirken(const std::vector<std::string>& args);
// The exit code, or 128 + the signal that ended the process (as a shell reports it).
int WaitExit(pid_t pid);

// A loopback port that was free a moment ago (the kernel's choice; a server started right after gets it).
unsigned short FreePort();
// Polls GET /readyz on 127.0.0.1:port until it answers 200 (true) or about ten seconds passed (false).
bool WaitUntilReady(unsigned short port);

// The content of a file, or "" if it cannot be read.
std::string ReadWholeFile(const std::string& path);

}  // namespace mw::testing
