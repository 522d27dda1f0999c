// The command line of the one binary `mitwirken`: serve, migrate, demo, admin, jobs, version.
// Every subcommand honours --db (MITWIRKEN_DB): an SQLite path or a postgresql:// URL.
#pragma once

namespace mw::app {

// Parses the arguments, runs the subcommand and returns the process exit code (0 ok, 1 failure, 2 usage error).
int Main(int argc, char** argv);

}  // namespace mw::app
