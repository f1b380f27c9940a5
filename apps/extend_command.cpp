// mosaic extend
#include <CLI/CLI.hpp>
#include <iostream>

#include "apps/commands.hpp"
#include "apps/interrupt.hpp"
#include "apps/zeroshot_output.hpp"
#include "common/error.hpp"
#include "extend/extend.hpp"

namespace mosaic::apps {

namespace {

struct ExtendArgs {
  std::string suite_path, urdf, name, ee, modules_dir, family, out, init = "auto", format = "md",
                                                                    table;
  std::vector<std::string> package_paths, train_on;
  int64_t steps = 0;
  uint64_t seed = 1;
  int64_t eval_seed = -1;
  int episodes = 0, threads = -1;
  double min_success = -1;
};

int RunExtend(const ExtendArgs& args, const std::string& command) {
  CheckTableFormat(args.format);
  const suite::Suite suite = suite::LoadSuite(args.suite_path);
  extend::ExtendOptions options;
  options.urdf = args.urdf;
  options.name = args.name;
  options.ee = args.ee;
  options.package_paths = args.package_paths;
  options.train_on = args.train_on;
  if (!args.modules_dir.empty()) options.modules_dirs = {args.modules_dir};
  options.family = args.family;
  options.out_dir = args.out;
  options.steps = args.steps;
  options.seed = args.seed;
  options.init = args.init;
  options.threads = args.threads;
  options.command = command;
  options.evaluation.episodes = args.episodes;
  options.evaluation.seed = args.eval_seed;
  int last_reported = 0;
  options.on_iteration = [&](const train::IterationReport& r) {
    if (r.iteration != r.total_iterations && r.iteration - last_reported < 10) return;
    last_reported = r.iteration;
    std::cerr << "extend: iteration " << r.iteration << "/" << r.total_iterations << ", "
              << r.env_steps << " env steps, success";
    for (const auto& w : r.worlds) std::cerr << " " << w.task << " " << w.success_rate;
    std::cerr << std::endl;
  };
  options.evaluation.progress = PrintEvaluationProgress;
  extend::ExtendResult result;
  {
    const StopOnInterrupt interrupt;
    options.stop = interrupt.flag();
    result = extend::Extend(suite, options);
  }
  std::cerr << "extend: robot '" << result.name << "' joined family " << result.family << "\n"
            << "extend: robot module " << result.init_used << "\n"
            << "extend: wrote " << result.robot_module
            << (result.training.interrupted ? " (interrupted; rerun to finish)" : "") << "\n";
  if (result.training.interrupted) return 1;
  std::cerr << "extend: wrote " << result.suite_file << " (the suite with '" << result.name
            << "': use it with zeroshot, robots list --suite, gui --suite)\n";
  return WriteZeroShotReport(result.row, args.format, args.table, args.min_success);
}

}  // namespace

void AddExtendCommands(CLI::App& app, int argc, char** argv, int& exit_status) {
  static ExtendArgs args;
  static std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
  CLI::App* extend_cmd = app.add_subcommand("extend",
                                            "Add a robot to a trained suite: train its robot "
                                            "module on one task, then every task zero-shot");
  extend_cmd->add_option("suite", args.suite_path, "Suite file whose modules the robot joins")
      ->required();
  extend_cmd->add_option("--robot", args.urdf, "The new robot's URDF file")->required();
  extend_cmd->add_option("--name", args.name,
                         "Its name in the suite (default: the URDF's robot name)");
  extend_cmd->add_option("--ee", args.ee, "End-effector link (default: tip of the longest chain)");
  extend_cmd->add_option("--package-path", args.package_paths,
                         "Folder for package:// meshes (repeatable)");
  extend_cmd->add_option("--train-on", args.train_on,
                         "Task(s) to train on, comma-separated (default: reach)");
  extend_cmd->add_option("--modules", args.modules_dir,
                         "The family's module folder (default: the suite's)");
  extend_cmd->add_option("--family", args.family, "Module family, when the folder holds several");
  extend_cmd->add_option(
      "--out", args.out,
      "Output folder (default: runs/extend/NAME): modules/, log.csv, suite.json");
  extend_cmd->add_option("--steps", args.steps, "Training env steps (default: 3M)")
      ->check(CLI::NonNegativeNumber);
  extend_cmd->add_option("--seed", args.seed, "Training seed");
  extend_cmd->add_option("--init", args.init,
                         "auto (fine-tune a family robot module with the same joint layout, else "
                         "scratch), scratch, or a robot name");
  extend_cmd->add_option("--threads", args.threads, "Physics threads");
  extend_cmd
      ->add_option("--episodes", args.episodes,
                   "Evaluation episodes per task (default: the suite's)")
      ->check(CLI::PositiveNumber);
  extend_cmd->add_option("--eval-seed", args.eval_seed, "Evaluation seed (default: the suite's)")
      ->check(CLI::NonNegativeNumber);
  AddTableFormatOptions(*extend_cmd, args.format, "(the row, as mosaic zeroshot prints it)");
  extend_cmd->add_option("--table", args.table, "Write the row to FILE instead of stdout");
  extend_cmd
      ->add_option("--min-success", args.min_success,
                   "Exit with status 3 when a zero-shot task is below X")
      ->check(CLI::Range(0.0, 1.0));
  extend_cmd->callback([&exit_status] { exit_status = RunExtend(args, command); });
}

}  // namespace mosaic::apps
