// The verbs of the `cotrace` command. Each returns the process exit code.
#pragma once

#include <string>

namespace cotrace::cli {

int list_walkthroughs();
int run(const std::string& source);
int record(const std::string& source, const std::string& output_path);
int log(const std::string& source);
int outline(const std::string& source);
int narrate(const std::string& source);

}  // namespace cotrace::cli
