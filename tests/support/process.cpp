#include "support/process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"

extern char** environ;

namespace mw::testing {

const std::string& MitwirkenBinary() {
  static const std::string binary = MW_BUILD_DIR "/mitwirken";
  return binary;
}

pid_t SpawnMitwirken(const std::vector<std::string>& args, const std::string& output_file) {
  return SpawnProgram(MitwirkenBinary(), args, output_file);
}

pid_t SpawnProgram(const std::string& binary, const std::vector<std::string>& args, const std::string& output_file) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + binary);
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

CliResult RunMitwirken(const std::vector<std::string>& args) {
  std::string output_file = ::testing::TempDir() + "mw-cli-" + std::to_string(getpid()) + ".out";
  pid_t pid = SpawnMitwirken(args, output_file);
  CliResult result;
  result.exit_code = WaitExit(pid);
  result.output = ReadWholeFile(output_file);
  return result;
}

unsigned short FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

bool WaitUntilReady(unsigned short port) {
  // A start under the sanitizers on a loaded two-core machine (CI runs two tests at once) can take more than ten
  // seconds: the static files are compressed and the templates read before the port opens. The poll ends as soon as
  // the server answers, so the long limit costs nothing when all is well.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (Send(port, "GET", "/readyz").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::vector<ServeProcess> SpawnServers(std::size_t count, const std::string& db_url, const std::string& name,
                                       const std::vector<std::string>& serve_args) {
  std::vector<ServeProcess> servers;
  const std::string log_base = ::testing::TempDir() + name + "-" + std::to_string(getpid());
  for (std::size_t index = 0; index < count; ++index) {
    ServeProcess server;
    server.port = FreePort();
    server.log_file = log_base + "-" + std::to_string(index) + ".log";
    server.args = {"--db", db_url, "serve", "--listen", "127.0.0.1:" + std::to_string(server.port)};
    server.args.insert(server.args.end(), serve_args.begin(), serve_args.end());
    server.pid = SpawnMitwirken(server.args, server.log_file);
    servers.push_back(std::move(server));
  }
  return servers;
}

bool WaitUntilAllReady(const std::vector<ServeProcess>& servers) {
  for (const ServeProcess& server : servers) {
    if (!WaitUntilReady(server.port)) return false;
  }
  return true;
}

void Restart(ServeProcess& server) {
  ++server.restarts;
  server.pid = SpawnMitwirken(server.args, server.log_file + "." + std::to_string(server.restarts));
}

int StopServers(std::vector<ServeProcess>& servers) {
  for (const ServeProcess& server : servers) kill(server.pid, SIGTERM);
  int failed = 0;
  for (const ServeProcess& server : servers) failed += WaitExit(server.pid) == 0 ? 0 : 1;
  return failed;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace mw::testing
