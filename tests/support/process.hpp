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
//
// Several `serve` processes on one database (the set-up of a multi-node installation):
//
//   auto servers = mw::testing::SpawnServers(3, url, "mw-nodes");
//   ASSERT_TRUE(mw::testing::WaitUntilAllReady(servers)) << mw::testing::ReadWholeFile(servers[0].log_file);
//   kill(servers[1].pid, SIGKILL);
//   mw::testing::WaitExit(servers[1].pid);
//   mw::testing::Restart(servers[1]);    // same arguments, same port
//   EXPECT_EQ(mw::testing::StopServers(servers), 0);

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
// Starts any program (`program` is a path) the same way.
pid_t SpawnProgram(const std::string& program, const std::vector<std::string>& args, const std::string& output_file);
// Runs the binary to its end.
CliResult RunMitwirken(const std::vector<std::string>& args);
// The exit code, or 128 + the signal that ended the process (as a shell reports it).
int WaitExit(pid_t pid);

// A loopback port that was free a moment ago (the kernel's choice; a server started right after gets it).
unsigned short FreePort();
// Polls GET /readyz on 127.0.0.1:port until it answers 200 (true) or a minute passed (false).
bool WaitUntilReady(unsigned short port);

// One `serve` process of a group on one database.
struct ServeProcess {
  pid_t pid = 0;
  unsigned short port = 0;
  std::string log_file;           // its stdout and stderr (a restart appends a numbered file: log_file + ".1", ...)
  std::vector<std::string> args;  // as started, for Restart
  int restarts = 0;
};

// Starts `count` `serve` processes on database `db_url`, each listening on a free loopback port with
// `serve_args` after `serve --listen ...` (default: mails to the log, no access log), the output of process i going
// to TempDir()/<name>-<pid>-<i>.log. Does not wait for them (WaitUntilAllReady).
std::vector<ServeProcess> SpawnServers(std::size_t count, const std::string& db_url, const std::string& name,
                                       const std::vector<std::string>& serve_args = {"--mail", "log",
                                                                                     "--no-access-log"});
// Whether every process answers /readyz (see WaitUntilReady).
bool WaitUntilAllReady(const std::vector<ServeProcess>& servers);
// Starts an ended process again with its arguments and port (the caller has waited for the old one).
void Restart(ServeProcess& server);
// Ends every process with SIGTERM and waits for it; returns the number of processes that did not exit with 0.
int StopServers(std::vector<ServeProcess>& servers);

// The content of a file, or "" if it cannot be read.
std::string ReadWholeFile(const std::string& path);

}  // namespace mw::testing
