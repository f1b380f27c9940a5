// How `mosaic zeroshot` and `mosaic extend` hand a zero-shot report to the user: progress on
// stderr, the table (md, csv or json) on stdout or into a file, and the --min-success gate.
#pragma once

#include <string>

#include "composer/zeroshot.hpp"

namespace CLI {
class App;
}

namespace mosaic::apps {

// --format md|csv|json (help: "md | csv | json" plus `note`) and --json, the same as --format json.
void AddTableFormatOptions(CLI::App& command, std::string& format, const std::string& note = "");

// Throws Error unless `format` is md, csv or json.
void CheckTableFormat(const std::string& format);

// "[done/total] what" on one stderr line, cleared when done.
void PrintEvaluationProgress(int done, int total, const std::string& what);

// Writes the table to stdout (or atomically to `out_file`); returns 3 when `min_success` >= 0 and
// a held-out cell is below it (naming those cells on stderr), else 0.
int WriteZeroShotReport(const composer::ZeroShotReport& report, const std::string& format,
                        const std::string& out_file, double min_success);

}  // namespace mosaic::apps
