#include "apps/zeroshot_output.hpp"

#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>

#include "common/error.hpp"
#include "common/files.hpp"

namespace mosaic::apps {

void AddTableFormatOptions(CLI::App& command, std::string& format, const std::string& note) {
  command.add_option("--format", format, "md | csv | json" + (note.empty() ? "" : " " + note));
  command.add_flag_callback(
      "--json", [&format] { format = "json"; }, "Same as --format json");
}

void CheckTableFormat(const std::string& format) {
  if (format != "md" && format != "csv" && format != "json") {
    throw Error("--format '" + format + "' is unknown (expected md, csv or json)");
  }
}

void PrintEvaluationProgress(int done, int total, const std::string& what) {
  std::cerr << "\r[" << done << "/" << total << "] " << std::left << std::setw(40) << what
            << std::flush;
  if (done == total) std::cerr << "\r" << std::string(50, ' ') << "\r";
}

int WriteZeroShotReport(const composer::ZeroShotReport& report, const std::string& format,
                        const std::string& out_file, double min_success) {
  CheckTableFormat(format);
  const std::string text = format == "json"  ? composer::FormatJson(report)
                           : format == "csv" ? composer::FormatCsv(report)
                                             : composer::FormatMarkdown(report);
  if (out_file.empty()) {
    std::cout << text;
  } else {
    WriteFileAtomic(out_file, text);
    std::cerr << "wrote " << out_file << "\n";
  }
  if (min_success < 0) return 0;
  std::string below;
  for (const auto& c : report.cells) {
    if (c.split == "heldout" && c.success_rate < min_success) below += " " + c.robot + "/" + c.task;
  }
  if (below.empty()) return 0;
  std::cerr << "mosaic: held-out cells below --min-success " << min_success << ":" << below << "\n";
  return 3;
}

}  // namespace mosaic::apps
