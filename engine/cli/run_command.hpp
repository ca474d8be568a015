#pragma once
// `engine run FILE [--plugin-dir DIR]... [--log-level L] [--log-format text|json]`
//                   [--admin-port N] [--admin-address A]
//
// Loads and checks the pipeline (the same path as `engine validate`; errors
// are printed as diagnostics and exit 1), then runs it until its sources are
// exhausted or SIGINT/SIGTERM asks for a drain. A second signal exits at once
// with 130. After the drain a one-line summary (events in/out/dropped/failed
// per stage, what each source emitted, acknowledged and committed) goes to
// the log. Exit 0 after a clean drain, 1 otherwise, 2 on a usage error.
// With an admin port (pipeline.admin.port or --admin-port) it serves
// /metrics, /healthz, /readyz and /status meanwhile (docs/operations.md).

#include "engine/cli/command.hpp"

namespace streamline::engine {

int run_run_command(const Args& args);

}  // namespace streamline::engine
