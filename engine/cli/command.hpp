#pragma once
// Each `engine <command>` is a function from its arguments (after the command
// word) to an exit code: 0 success, 1 failure, 2 usage error.

#include <string>
#include <vector>

namespace streamline::engine {

using Args = std::vector<std::string>;

int run_validate_command(const Args& args);
int run_run_command(const Args& args);
int run_plugins_command(const Args& args);
int run_dev_broker_command(const Args& args);
int run_graph_command(const Args& args);
int run_new_plugin_command(const Args& args);
int run_test_command(const Args& args);
int run_top_command(const Args& args);

}  // namespace streamline::engine
